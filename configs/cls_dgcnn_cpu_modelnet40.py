# CPU-scale DGCNN on ModelNet40, the second student of the CPU-scale
# protocol: cls_pointnet2-ssg_cpu_modelnet40.py with mmdet3d's DGCNNBackbone
# swapped in, narrowed (32-channel EdgeConvs, k = 10; FA output 32 global +
# 3 x 32 edge channels = 128 per point, the CPU-sized backbone contract) and
# on 128 points: its EdgeConvs on N x k neighbourhoods cost 4x the SSG step at
# 256 points.
from mmengine.config import read_base

with read_base():
    from ._base_.classifiers.cpu_modelnet40 import *
    from ._base_.datasets.modelnet40 import modelnet40_loaders
    from ._base_.datasets.pipelines import point_pipelines
    from ._base_.models.dgcnn import dgcnn_cpu

model.backbone = dgcnn_cpu
num_points = 128
train_pipeline, test_pipeline = point_pipelines(num_points)
train_dataloader, val_dataloader, test_dataloader = modelnet40_loaders(
    train_pipeline, test_pipeline, **loader)
del dgcnn_cpu, modelnet40_loaders, point_pipelines
