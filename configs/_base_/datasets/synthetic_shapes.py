# The embedded default dataset: 13 classes of procedurally generated shapes
# (random proportions, rotations, noise, partial occlusion, outliers),
# deterministic by seed; nothing to download. Sized for CPU runs.
# Each sample is a mesh: students get sparse, degraded samples of its surface
# (the settings below), a teacher can render the clean, complete mesh
# (mesh_vertices / mesh_faces, e.g. with RenderMeshViews). The degradation
# puts the students in PointCMT's regime, well below such a teacher: most
# shapes lose 10-40 % of their surface behind a plane, plus noise of 2 % of
# the radius and 2 % outliers.
dataset_type = 'SyntheticShapesDataset'
num_points = 512
degradation = dict(
    noise_std=0.02,
    occlusion_prob=0.75,
    occlusion_range=(0.1, 0.4),
    outlier_ratio=0.02)

train_pipeline = [
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
    dict(type='SamplePoints', num_points=num_points, method='first'),
    dict(type='NormalizePointsToUnitSphere'),
    dict(type='PackPointClsInputs')
]

train_dataloader = dict(
    batch_size=32,
    num_workers=0,
    drop_last=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        split='train',
        num_samples_per_class=100,
        num_points=num_points,
        **degradation,
        test_mode=False,
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=32,
    num_workers=0,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        split='val',
        num_samples_per_class=30,
        num_points=num_points,
        **degradation,
        test_mode=True,
        pipeline=test_pipeline))
test_dataloader = dict(
    val_dataloader, dataset=dict(val_dataloader['dataset'], split='test'))
val_evaluator = dict(type='PointClsAccuracy')
test_evaluator = dict(type='PointClsAccuracy', prefix='test')
