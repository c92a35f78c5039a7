# Stage I on ModelNet40, full scale: ResNet-18 (512-d) over 6 SimpleView
# projections of the points at 128 x 128 px (no meshes are needed); Adam,
# lr 1e-3, weight decay 1e-4, 50 epochs (reference settings; its cosine
# schedule keeps the lr constant).
_base_ = [
    '_base_/models/mvcnn-resnet18_teacher.py', '_base_/datasets/modelnet40.py',
    '_base_/schedules/adamw_cosine.py', '_base_/default_runtime.py'
]

render = dict(type='RenderMultiView', views='simpleview6', image_size=128,
              radius=1, mode='depth')
train_pipeline = [
    dict(type='LoadPointsFromShapeFile'),
    dict(type='SamplePoints', num_points=1024, method='random'),
    dict(type='NormalizePointsToUnitSphere'),
    dict(type='RandomScaleTranslatePoints', scale_range=(0.8, 1.25),
         translate_range=(0.0, 0.0)), render,
    dict(type='PackPointClsInputs')
]
test_pipeline = [
    dict(type='LoadPointsFromShapeFile'),
    dict(type='SamplePoints', num_points=1024, method='first'),
    dict(type='NormalizePointsToUnitSphere'), render,
    dict(type='PackPointClsInputs')
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))

max_epochs = 50
optim_wrapper = dict(
    optimizer=dict(type='Adam', lr=1e-3, weight_decay=1e-4),
    accumulative_counts=4)
param_scheduler = []
train_cfg = dict(max_epochs=max_epochs)
