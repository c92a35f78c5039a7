# DGCNN on the embedded synthetic shapes (CPU-sized): the SSG classifier with
# mmdet3d's DGCNNBackbone swapped in (k = 16, 32 + 3 x 32 = 128 channels).
from mmengine.config import read_base

with read_base():
    from ._base_.classifiers.synthetic import *
    from ._base_.models.dgcnn import dgcnn_narrow

model.backbone = dgcnn_narrow
