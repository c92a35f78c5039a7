# DGCNN on ScanObjectNN PB_T50_RS, full scale: the classifier of
# cls_pointnet2-ssg_scanobjectnn.py with mmdet3d's DGCNNBackbone (k = 20)
# swapped in, as in cls_dgcnn_modelnet40.py.
from mmengine.config import read_base

with read_base():
    from ._base_.classifiers.scanobjectnn import *
    from ._base_.models.dgcnn import dgcnn

model.backbone = dgcnn
