# Stage I on ScanObjectNN, full scale: the paper's teacher and schedule
# (teachers/modelnet40.py: ResNet-18, Adam lr 1e-3, weight decay 1e-4, 50
# epochs, batch 32 x 4) over 6 SimpleView depth projections at 128 x 128 px
# of the object's points (RenderMultiView of modelnet40_simpleview.py), as
# the authors describe their ScanObjectNN teacher (scans have no meshes).
# The teacher sees the points normalised to the unit sphere (the views'
# frame; a random 1024 of the 2048 for training, the first 1024 otherwise);
# the points ride along for Stage II (the CMPG's target).
from mmengine.config import read_base

with read_base():
    from ..datasets.scanobjectnn import scanobjectnn
    from .modelnet40_simpleview import *

model.num_classes = 15
train_pipeline = [sample_1024, normalize, *teacher_augment, render, pack]
test_pipeline = [first_1024, normalize, render, pack]
train_dataloader.dataset.update(scanobjectnn, pipeline=train_pipeline)
val_dataloader.dataset.update(scanobjectnn, pipeline=test_pipeline)
test_dataloader.dataset.update(scanobjectnn, pipeline=test_pipeline)
