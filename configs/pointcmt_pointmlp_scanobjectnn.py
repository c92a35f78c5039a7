# PointCMT on ScanObjectNN PB_T50_RS with a PointMLP student (the paper's
# ScanObjectNN student: 86.7 % reported on PB_T50_RS), full scale: the model,
# data and schedule of cls_pointmlp_scanobjectnn.py (PointMLP's published
# protocol) in the Stage III of pointcmt_pointnet2_scanobjectnn.py.
from mmengine.config import read_base

with read_base():
    from .cls_pointmlp_scanobjectnn import *
    # Last: Stage III at this scale.
    from ._base_.distill.scanobjectnn import *

model = dict(distiller, student=model, loss_fe=paper_fe, loss_ce=paper_ce)
