# Stage I on the embedded synthetic shapes, CPU-sized: ResNet-18 with 16 base
# channels (feature 128), 5 epochs, on 6 SimpleView views of 32 x 32 px
# rendered from each sample's clean, complete, shaded mesh (the dataset's
# mesh_vertices / mesh_faces), while the students get its sparse, noisy,
# partly occluded points. The points ride along for Stage II (the CMPG's
# target) and are not seen by the teacher.
_base_ = [
    '_base_/models/mvcnn-resnet18_teacher.py',
    '_base_/datasets/synthetic_shapes.py',
    '_base_/schedules/adamw_cosine.py', '_base_/default_runtime.py'
]

render = dict(
    type='RenderMeshViews', views='simpleview6', image_size=32, mode='shaded')
train_pipeline = [
    dict(type='SamplePoints', num_points=256, method='random'),
    dict(type='NormalizePointsToUnitSphere'), render,
    dict(type='PackPointClsInputs')
]
test_pipeline = [
    dict(type='SamplePoints', num_points=256, method='first'),
    dict(type='NormalizePointsToUnitSphere'), render,
    dict(type='PackPointClsInputs')
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))

model = dict(
    backbone=dict(base_channels=16), num_classes=13, feat_channels=128)

max_epochs = 5
optim_wrapper = dict(optimizer=dict(type='Adam', lr=1e-3, weight_decay=1e-4))
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
