# CPU-scale Stage I on ModelNet40 (the CPU-scale protocol, see
# cls_pointnet2-ssg_cpu_modelnet40.py): ResNet-18 with 16 base channels
# (128-d feature) over 6 SimpleView depth projections of all 1024 points at
# 64 x 64 px, rendered batch-wise by the data preprocessor; label smoothing
# 0.2, Adam with a cosine decay, 20 epochs. The teacher sees four times the
# points the 256-point students get, so it knows more than they do: it must
# beat the converged vanilla students by a clear margin (README, "Results").
_base_ = ['teacher_mvcnn-resnet18_modelnet40.py']

num_points = 1024
train_pipeline = [
    dict(type='LoadPointsFromShapeFile'),
    dict(type='SamplePoints', num_points=num_points, method='random'),
    dict(type='NormalizePointsToUnitSphere'),
    dict(type='RandomScaleTranslatePoints', scale_range=(0.8, 1.25),
         translate_range=(0.0, 0.0)),
    dict(type='PackPointClsInputs')
]
test_pipeline = [
    dict(type='LoadPointsFromShapeFile'),
    dict(type='SamplePoints', num_points=num_points, method='first'),
    dict(type='NormalizePointsToUnitSphere'),
    dict(type='PackPointClsInputs')
]
loader = dict(num_workers=1, persistent_workers=True)
train_dataloader = dict(**loader, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(**loader, dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(**loader, dataset=dict(pipeline=test_pipeline))

model = dict(
    data_preprocessor=dict(
        render_cfg=dict(views='simpleview6', image_size=64, radius=1,
                        mode='depth')),
    backbone=dict(base_channels=16),
    feat_channels=128,
    label_smoothing=0.2)
max_epochs = 20
optim_wrapper = dict(accumulative_counts=1)
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
default_hooks = dict(logger=dict(interval=50))
