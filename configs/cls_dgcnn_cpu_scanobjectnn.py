# CPU-scale DGCNN on ScanObjectNN PB_T50_RS: the narrowed DGCNN of
# cls_dgcnn_cpu_modelnet40.py (k = 10, 128 channels) on 128 points, in the
# classifier of cls_pointnet2-ssg_cpu_scanobjectnn.py.
from mmengine.config import read_base

with read_base():
    from ._base_.classifiers.cpu_scanobjectnn import *
    from ._base_.models.dgcnn import dgcnn_cpu

model.backbone = dgcnn_cpu
train_dataloader.dataset.pipeline = [sample_128, *student_augment, pack]
val_dataloader.dataset.pipeline = [first_128, pack]
test_dataloader.dataset.pipeline = [first_128, pack]
