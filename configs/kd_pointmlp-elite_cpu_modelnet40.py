# Logit distillation into a PointMLP-elite student on ModelNet40, CPU scale:
# kd_pointnet2_cpu_modelnet40.py with the student's backbone, neck and head
# width of cls_pointmlp-elite_cpu_modelnet40.py.
from mmengine.config import read_base

with read_base():
    from ._base_.models.pointmlp import pointmlp_elite_cpu, pointmlp_neck
    from .kd_pointnet2_cpu_modelnet40 import *

model.student.backbone = pointmlp_elite_cpu
model.student.neck = pointmlp_neck
model.student.head.in_channels = 128
