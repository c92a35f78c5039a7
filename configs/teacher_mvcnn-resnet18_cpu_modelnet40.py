# CPU-scale Stage I on ModelNet40 (the CPU-scale protocol, see
# cls_pointnet2-ssg_cpu_modelnet40.py): ResNet-18 with 16 base channels
# (128-d feature) over 6 SimpleView depth projections of 512 points at
# 48 x 48 px, rendered batch-wise by the data preprocessor, 8 epochs.
_base_ = ['teacher_mvcnn-resnet18_modelnet40.py']

num_points = 512
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
        render_cfg=dict(views='simpleview6', image_size=48, radius=1,
                        mode='depth')),
    backbone=dict(base_channels=16),
    feat_channels=128)
max_epochs = 8
optim_wrapper = dict(accumulative_counts=1)
train_cfg = dict(max_epochs=max_epochs)
default_hooks = dict(logger=dict(interval=50))
