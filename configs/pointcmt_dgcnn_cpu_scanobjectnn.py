# PointCMT on ScanObjectNN with a DGCNN student: the model, data and schedule
# of cls_dgcnn_cpu_scanobjectnn.py in the Stage III of
# pointcmt_pointnet2_cpu_scanobjectnn.py.
from mmengine.config import read_base

with read_base():
    from .cls_dgcnn_cpu_scanobjectnn import *
    # Last: Stage III at this scale.
    from ._base_.distill.cpu_scanobjectnn import *

model = dict(distiller, student=model, loss_fe=tuned_fe, loss_ce=tuned_ce)
