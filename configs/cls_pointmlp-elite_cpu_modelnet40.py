# CPU-scale PointMLP-elite on ModelNet40, a student of the CPU-scale
# protocol: cls_pointnet2-ssg_cpu_modelnet40.py (256 points, 20 epochs) with
# the half-width elite (embedding 16, k = 16; 256 -> 128, 64, 32, 16 points,
# 128 channels), max-pooled into the CPU-sized head.
from mmengine.config import read_base

with read_base():
    from ._base_.classifiers.cpu_modelnet40 import *
    from ._base_.models.pointmlp import pointmlp_elite_cpu, pointmlp_neck

model.backbone = pointmlp_elite_cpu
model.neck = pointmlp_neck
model.head.in_channels = 128
