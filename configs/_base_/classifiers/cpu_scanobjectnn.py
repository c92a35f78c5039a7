# The CPU-scale ScanObjectNN classifier
# (cls_pointnet2-ssg_cpu_scanobjectnn.py):
# the CPU-scale protocol of cpu_modelnet40.py (narrow network, 256 points,
# AdamW lr 2e-3, 20 epochs, loading in the main process) on the 15 classes
# and the un-normalised points of datasets/scanobjectnn.py (256 random points
# of the 2048 for training, the first 256 for testing). Other CPU-scale
# backbones set model.backbone.
from mmengine.config import read_base

with read_base():
    from ..datasets.scanobjectnn import scanobjectnn
    from .cpu_modelnet40 import *

model.head.num_classes = 15
train_pipeline = [sample_256, *student_augment, pack]
test_pipeline = [first_256, pack]
train_dataloader.dataset.update(scanobjectnn, pipeline=train_pipeline)
val_dataloader.dataset.update(scanobjectnn, pipeline=test_pipeline)
test_dataloader.dataset.update(scanobjectnn, pipeline=test_pipeline)
