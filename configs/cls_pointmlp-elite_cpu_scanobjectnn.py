# CPU-scale PointMLP-elite on ScanObjectNN PB_T50_RS: the classifier of
# cls_pointnet2-ssg_cpu_scanobjectnn.py (256 points, 20 epochs) with the
# half-width elite (embedding 16, k = 16, 128 channels), max-pooled.
from mmengine.config import read_base

with read_base():
    from ._base_.classifiers.cpu_scanobjectnn import *
    from ._base_.models.pointmlp import pointmlp_elite_cpu, pointmlp_neck

model.backbone = pointmlp_elite_cpu
model.neck = pointmlp_neck
model.head.in_channels = 128
