# Logit distillation into a PointNet++ MSG student on ModelNet40, full scale:
# kd_pointnet2_modelnet40.py with the student's backbone swapped.
from mmengine.config import read_base

with read_base():
    from ._base_.models.pointnet2_msg import pointnet2_msg
    from .kd_pointnet2_modelnet40 import *

model.student.backbone = pointnet2_msg
