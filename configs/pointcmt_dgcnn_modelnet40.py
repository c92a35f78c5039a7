# PointCMT on ModelNet40, full scale, with a DGCNN student
# (cls_dgcnn_modelnet40.py) and the paper's settings of
# pointcmt_pointnet2_modelnet40.py.
from mmengine.config import read_base

with read_base():
    from .cls_dgcnn_modelnet40 import *
    # Last: Stage III at this scale (its schedule replaces the student's).
    from ._base_.distill.modelnet40 import *

model = dict(distiller, student=model, loss_fe=paper_fe, loss_ce=paper_ce)
