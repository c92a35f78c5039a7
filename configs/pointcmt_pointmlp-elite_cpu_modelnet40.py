# CPU-scale PointCMT on ModelNet40 with a PointMLP-elite student:
# pointcmt_pointnet2_cpu_modelnet40.py with the student's backbone, neck and
# head width of cls_pointmlp-elite_cpu_modelnet40.py (a name that cannot be
# imported).
from mmengine.config import read_base

with read_base():
    from ._base_.models.pointmlp import pointmlp_elite_cpu, pointmlp_neck
    from .pointcmt_pointnet2_cpu_modelnet40 import *

model.student.backbone = pointmlp_elite_cpu
model.student.neck = pointmlp_neck
model.student.head.in_channels = 128
