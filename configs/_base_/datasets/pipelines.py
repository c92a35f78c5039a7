# The steps of the point pipelines, by name. A pipeline is
#   [load_points, SamplePoints(num_points, 'random' | 'first'), normalize,
#    *augmentation, *views, pack]
# (datasets that generate their points have no load_points).
load_points = dict(type='LoadPointsFromShapeFile')
normalize = dict(type='NormalizePointsToUnitSphere')
pack = dict(type='PackPointClsInputs')

shuffle = dict(type='ShufflePoints')
# Per-axis random scale in [2/3, 3/2] and translation in [-0.2, 0.2].
scale_translate = dict(
    type='RandomScaleTranslatePoints',
    scale_range=(2. / 3., 3. / 2.),
    translate_range=(-0.2, 0.2))

# The students' augmentation (the reference's).
student_augment = [scale_translate, shuffle]
# Translation only: for shapes whose classes differ in proportions, which a
# per-axis scale changes (the embedded data: sphere/ellipsoid,
# cylinder/capsule).
translate_augment = [dict(scale_translate, scale_range=(1., 1.)), shuffle]
# The teachers': random scale only.
teacher_augment = [
    dict(scale_translate, scale_range=(0.8, 1.25), translate_range=(0., 0.))
]

# Loader settings: shuffled, full batches for training; in order, every
# sample for evaluation (the batch size is per GPU).
train_loader = dict(
    batch_size=32,
    drop_last=True,
    sampler=dict(type='DefaultSampler', shuffle=True))
eval_loader = dict(
    train_loader,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False))

# Point sampling by count: random points for training, the first ones (a
# fixed subset) for testing.
sample_1024 = dict(type='SamplePoints', num_points=1024, method='random')
first_1024 = dict(sample_1024, method='first')
sample_512 = dict(sample_1024, num_points=512)
first_512 = dict(first_1024, num_points=512)
sample_256 = dict(sample_1024, num_points=256)
first_256 = dict(first_1024, num_points=256)
sample_128 = dict(sample_1024, num_points=128)
first_128 = dict(first_1024, num_points=128)
