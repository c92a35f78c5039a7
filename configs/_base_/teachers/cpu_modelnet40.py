# CPU-scale Stage I on ModelNet40, teacher_mvcnn-resnet18_cpu_modelnet40.py
# (the CPU-scale protocol, see classifiers/cpu_modelnet40.py): ResNet-18 with
# 16 base channels (128-d feature) over 6 SimpleView depth projections of all
# 1024 points at 64 x 64 px, rendered batch-wise by the data preprocessor;
# label smoothing 0.2, Adam with a cosine decay, 20 epochs. The teacher sees
# four times the points the 256-point students get.
from mmengine.config import read_base

with read_base():
    from .modelnet40_simpleview import *

# The views are rendered by the data preprocessor, not the pipeline.
train_pipeline = [load_points, sample_1024, normalize, *teacher_augment, pack]
test_pipeline = [load_points, first_1024, normalize, pack]
train_dataloader.dataset.pipeline = train_pipeline
val_dataloader.dataset.pipeline = test_pipeline
test_dataloader.dataset.pipeline = test_pipeline
train_dataloader.num_workers = 1
val_dataloader.num_workers = 1
test_dataloader.num_workers = 1

model.update(
    data_preprocessor=dict(
        render_cfg=dict(
            views='simpleview6', image_size=64, radius=1, mode='depth')),
    backbone=dict(base_channels=16),
    feat_channels=128,
    label_smoothing=0.2)
max_epochs = 20
optim_wrapper.accumulative_counts = 1
auto_scale_lr.base_batch_size = 32
param_scheduler = [dict(cosine_lr, T_max=max_epochs, end=max_epochs)]
train_cfg.max_epochs = max_epochs
default_hooks.logger.interval = 50
