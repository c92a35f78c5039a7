# PointNet++ SSG on the embedded synthetic shapes, sized for a CPU:
# 512 points, narrow layers, 20 epochs.
_base_ = [
    '_base_/models/pointnet2-ssg_cls.py',
    '_base_/datasets/synthetic_shapes.py',
    '_base_/schedules/adamw_cosine.py', '_base_/default_runtime.py'
]

model = dict(
    backbone=dict(
        num_points=(128, 32),
        radius=(0.3, 0.6),
        num_samples=(16, 16),
        sa_channels=((32, 32, 64), (64, 64, 128))),
    neck=dict(in_channels=128, mlp_channels=(128, 256)),
    head=dict(num_classes=13, in_channels=256, hidden_channels=(128, )))

max_epochs = 20
param_scheduler = [
    dict(
        type='CosineAnnealingLR',
        T_max=max_epochs,
        eta_min=1e-5,
        by_epoch=True,
        begin=0,
        end=max_epochs)
]
train_cfg = dict(max_epochs=max_epochs)
