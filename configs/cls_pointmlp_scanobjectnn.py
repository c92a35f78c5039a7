# PointMLP on ScanObjectNN PB_T50_RS, full scale, PointMLP's published
# protocol (classifiers/scanobjectnn.py: 1024 points, SGD lr 0.01, cosine
# over 200 epochs, batch 32): the full-width backbone (1024 channels),
# max-pooled, into the head of the other students (one hidden layer of 512:
# the 512-d feature Stage III pairs with the teacher's; the official head
# has a second hidden layer of 256).
from mmengine.config import read_base

with read_base():
    from ._base_.classifiers.scanobjectnn import *
    from ._base_.models.pointmlp import pointmlp, pointmlp_neck

model.backbone = pointmlp
model.neck = pointmlp_neck
model.head.in_channels = 1024
