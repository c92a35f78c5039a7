# PointCMT with a DGCNN student: the model of cls_dgcnn_synthetic.py in the
# Stage III of pointcmt_pointnet2_synthetic.py.
from mmengine.config import read_base

with read_base():
    from .cls_dgcnn_synthetic import *
    # Last: Stage III at this scale (its data and schedule replace the
    # student's).
    from ._base_.pointcmt.synthetic import *

model, train_pipeline, train_dataloader = pointcmt(
    model, train_pipeline, train_dataloader)
del pointcmt
