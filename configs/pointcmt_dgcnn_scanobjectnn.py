# PointCMT on ScanObjectNN with a DGCNN student: the model, data and schedule
# of cls_dgcnn_scanobjectnn.py in the Stage III of
# pointcmt_pointnet2_scanobjectnn.py.
from mmengine.config import read_base

with read_base():
    from .cls_dgcnn_scanobjectnn import *
    # Last: Stage III at this scale.
    from ._base_.distill.scanobjectnn import *

model = dict(distiller, student=model, loss_fe=paper_fe, loss_ce=paper_ce)
