# Stage I on ModelNet40, full scale, points only (the fallback when no meshes
# or images are at hand), teacher_mvcnn-resnet18_modelnet40.py: ResNet-18
# (512-d) over 6 SimpleView projections of the points at 128 x 128 px; Adam,
# lr 1e-3, weight decay 1e-4, 50 epochs, batch 32 x 4 accumulated (the
# reference settings; its cosine schedule keeps the lr constant).
from mmengine.config import read_base

with read_base():
    from ..datasets.modelnet40 import *
    from ..default_runtime import *
    from ..models.mvcnn_resnet18_teacher import *
    from ..schedules.adamw_cosine import *

render = dict(
    type='RenderMultiView',
    views='simpleview6',
    image_size=128,
    radius=1,
    mode='depth')
train_pipeline = [
    load_points, sample_1024, normalize, *teacher_augment, render, pack
]
test_pipeline = [load_points, first_1024, normalize, render, pack]
train_dataloader.dataset.pipeline = train_pipeline
val_dataloader.dataset.pipeline = test_pipeline
test_dataloader.dataset.pipeline = test_pipeline

max_epochs = 50
optim_wrapper.update(
    optimizer=dict(type='Adam', lr=1e-3, weight_decay=1e-4),
    accumulative_counts=4)
# --auto-scale-lr compares the effective batch (32 x 4 here) with this.
auto_scale_lr.base_batch_size = 128
param_scheduler = []
train_cfg.max_epochs = max_epochs
