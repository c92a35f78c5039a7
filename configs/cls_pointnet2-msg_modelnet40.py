# PointNet++ MSG (the PointCMT paper's student) on ModelNet40, full scale:
# the SSG classifier with mmdet3d's PointNet2SAMSG swapped in. Its aggregation
# layer maps the 3 scales (640 channels) to the 256 the neck expects.
from mmengine.config import read_base

with read_base():
    from ._base_.classifiers.modelnet40 import *
    from ._base_.models.pointnet2_msg import pointnet2_msg

model.backbone = pointnet2_msg
