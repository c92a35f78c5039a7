# PointNet++ MSG on the embedded synthetic shapes (CPU-sized): the SSG
# classifier with mmdet3d's PointNet2SAMSG swapped in.
from mmengine.config import read_base

with read_base():
    from ._base_.classifiers.synthetic import *
    from ._base_.models.pointnet2_msg import pointnet2_msg_narrow

model.backbone = pointnet2_msg_narrow
