# DGCNN on ModelNet40, full scale: the SSG classifier with mmdet3d's
# DGCNNBackbone swapped in (k = 20). Its FA output, 64 global + 3 x 64 edge
# channels per point, feeds the same neck (shared MLP to 1024, max pool).
from mmengine.config import read_base

with read_base():
    from ._base_.classifiers.modelnet40 import *
    from ._base_.models.dgcnn import dgcnn

model.backbone = dgcnn
