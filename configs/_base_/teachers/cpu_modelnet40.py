# CPU-scale Stage I on ModelNet40, teacher_mvcnn-resnet18_cpu_modelnet40.py
# (the CPU-scale protocol, see classifiers/cpu_modelnet40.py): ResNet-18 with
# 16 base channels (128-d feature) over 6 SimpleView depth projections of all
# 1024 points at 64 x 64 px, rendered batch-wise by the data preprocessor;
# label smoothing 0.2, Adam with a cosine decay, 20 epochs. The teacher sees
# four times the points the 256-point students get, so it knows more than
# they do: it must beat the converged vanilla students by a clear margin
# (README, "Results").
from mmengine.config import read_base

with read_base():
    from ..datasets.modelnet40 import modelnet40_loaders
    from ..datasets.pipelines import point_pipelines, teacher_augment
    from ..schedules.adamw_cosine import cosine_lr
    from .modelnet40 import *

train_pipeline, test_pipeline = point_pipelines(
    num_points, augment=teacher_augment)
loader = dict(num_workers=1, persistent_workers=True)
train_dataloader, val_dataloader, test_dataloader = modelnet40_loaders(
    train_pipeline, test_pipeline, **loader)

model.update(
    data_preprocessor=dict(
        render_cfg=dict(views='simpleview6', image_size=64, radius=1,
                        mode='depth')),
    backbone=dict(base_channels=16),
    feat_channels=128,
    label_smoothing=0.2)
max_epochs = 20
optim_wrapper.accumulative_counts = 1
auto_scale_lr.base_batch_size = 32
param_scheduler = cosine_lr(max_epochs)
train_cfg.max_epochs = max_epochs
default_hooks.logger.interval = 50
del cosine_lr, modelnet40_loaders, point_pipelines, teacher_augment
