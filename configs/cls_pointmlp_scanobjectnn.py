# PointMLP on ScanObjectNN PB_T50_RS, full scale, PointMLP's published
# protocol (classifiers/scanobjectnn.py: 1024 points, SGD lr 0.01, cosine
# over 200 epochs, batch 32): the full-width backbone (1024 channels),
# max-pooled, and the official head's hidden layers (512, 256).
from mmengine.config import read_base

with read_base():
    from ._base_.classifiers.scanobjectnn import *
    from ._base_.models.pointmlp import pointmlp, pointmlp_neck

model.backbone = pointmlp
model.neck = pointmlp_neck
model.head.update(in_channels=1024, hidden_channels=(512, 256))
