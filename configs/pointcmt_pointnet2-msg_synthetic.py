# PointCMT with a CPU-sized PointNet++ MSG student on the embedded data: the
# Stage III config of PointNet++ SSG with the student's backbone swapped.
from mmengine.config import read_base

with read_base():
    from ._base_.models.pointnet2_msg import pointnet2_msg_narrow
    from .pointcmt_pointnet2_synthetic import *

model.student.backbone = pointnet2_msg_narrow
