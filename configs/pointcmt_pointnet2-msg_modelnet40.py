# PointCMT with a PointNet++ MSG student (the paper's): the Stage III config
# of PointNet++ SSG with the student's backbone swapped, as in
# cls_pointnet2-msg_modelnet40.py (whose name, with a hyphen, cannot be
# imported).
from mmengine.config import read_base

with read_base():
    from ._base_.models.pointnet2_msg import pointnet2_msg
    from .pointcmt_pointnet2_modelnet40 import *

model.student.backbone = pointnet2_msg
del pointnet2_msg
