# PointCMT with a DGCNN student: the model, data and schedule of
# cls_dgcnn_modelnet40.py in the Stage III of pointcmt_pointnet2_modelnet40.py.
from mmengine.config import read_base

with read_base():
    from .cls_dgcnn_modelnet40 import *
    # Last: Stage III at this scale (its schedule replaces the student's).
    from ._base_.pointcmt.modelnet40 import *

model, train_pipeline, train_dataloader = pointcmt(
    model, train_pipeline, train_dataloader)
del pointcmt
