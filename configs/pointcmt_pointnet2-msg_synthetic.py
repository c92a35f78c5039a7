# PointCMT with a PointNet++ MSG student: the Stage III config of PointNet++
# SSG with the student's backbone swapped, as in cls_pointnet2-msg_synthetic.py
# (whose name, with a hyphen, cannot be imported).
from mmengine.config import read_base

with read_base():
    from ._base_.models.pointnet2_msg import pointnet2_msg_narrow
    from .pointcmt_pointnet2_synthetic import *

model.student.backbone = pointnet2_msg_narrow
del pointnet2_msg_narrow
