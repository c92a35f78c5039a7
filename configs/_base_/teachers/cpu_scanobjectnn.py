# CPU-scale Stage I on ScanObjectNN: the CPU-scale teacher of
# cpu_modelnet40.py (ResNet-18 with 16 base channels, 128-d feature, 6
# SimpleView depth projections at 64 x 64 px rendered by the data
# preprocessor, 20 epochs) on 1024 of the 2048 points of each object,
# normalised to the unit sphere (the views' frame), for the 15 classes.
from mmengine.config import read_base

with read_base():
    from ..datasets.scanobjectnn import scanobjectnn
    from .cpu_modelnet40 import *

model.num_classes = 15
train_pipeline = [sample_1024, normalize, *teacher_augment, pack]
test_pipeline = [first_1024, normalize, pack]
train_dataloader.dataset.update(scanobjectnn, pipeline=train_pipeline)
val_dataloader.dataset.update(scanobjectnn, pipeline=test_pipeline)
test_dataloader.dataset.update(scanobjectnn, pipeline=test_pipeline)
