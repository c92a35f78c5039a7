# CPU-scale PointNet++ SSG on ModelNet40, the student of the CPU-scale
# reproduction protocol (tools/run_pointcmt.py --preset modelnet40-cpu): 256
# of the 1024 points, the narrow CPU-sized network of the embedded-data
# configs (SA on 64 and 16 centres, 128-d feature, no dropout on it), 20
# epochs, where the vanilla student has converged (README, "Results"). Not
# the paper's protocol (1024 points, full width, hundreds of GPU epochs).
_base_ = [
    '_base_/models/pointnet2-ssg_cls.py', '_base_/datasets/modelnet40.py',
    '_base_/schedules/adamw_cosine.py', '_base_/default_runtime.py'
]

num_points = 256
model = dict(
    backbone=dict(
        num_points=(64, 16),
        radius=(0.3, 0.6),
        num_samples=(16, 16),
        sa_channels=((32, 32, 64), (64, 64, 128))),
    neck=dict(in_channels=128, mlp_channels=(128, 256)),
    head=dict(in_channels=256, hidden_channels=(128, )))

train_pipeline = [
    dict(type='LoadPointsFromShapeFile'),
    dict(type='SamplePoints', num_points=num_points, method='random'),
    dict(type='NormalizePointsToUnitSphere'),
    dict(
        type='RandomScaleTranslatePoints',
        scale_range=(2. / 3., 3. / 2.),
        translate_range=(-0.2, 0.2)),
    dict(type='ShufflePoints'),
    dict(type='PackPointClsInputs')
]
test_pipeline = [
    dict(type='LoadPointsFromShapeFile'),
    dict(type='SamplePoints', num_points=num_points, method='first'),
    dict(type='NormalizePointsToUnitSphere'),
    dict(type='PackPointClsInputs')
]
# Loading in the main process: on 2 cores a loader process slows the
# training threads more than it saves.
loader = dict(num_workers=0, persistent_workers=False)
train_dataloader = dict(**loader, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(**loader, dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(**loader, dataset=dict(pipeline=test_pipeline))

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
default_hooks = dict(logger=dict(interval=50))
