# CPU-scale DGCNN on ModelNet40, the second student of the CPU-scale
# protocol: cls_pointnet2-ssg_cpu_modelnet40.py with mmdet3d's DGCNNBackbone
# swapped in, narrowed (32-channel EdgeConvs, k = 10; FA output 32 global +
# 3 x 32 edge channels = 128 per point, the CPU-sized backbone contract) and
# on 128 points: its EdgeConvs on N x k neighbourhoods cost 4x the SSG step at
# 256 points.
from mmengine.config import read_base

with read_base():
    from ._base_.classifiers.cpu_modelnet40 import *
    from ._base_.models.dgcnn import dgcnn_cpu

model.backbone = dgcnn_cpu
train_pipeline = [load_points, sample_128, normalize, *student_augment, pack]
test_pipeline = [load_points, first_128, normalize, pack]
train_dataloader.dataset.pipeline = train_pipeline
val_dataloader.dataset.pipeline = test_pipeline
test_dataloader.dataset.pipeline = test_pipeline
