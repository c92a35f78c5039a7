# Point pipelines of the dataset bases: point_pipelines() builds the train
# and test pipelines for a point count, an augmentation and rendered views.
# Configs import these names explicitly and delete them after use (a function
# cannot be dumped with a config).

# The students' augmentation (the reference's): random scale and translation,
# then the point order shuffled.
student_augment = [
    dict(
        type='RandomScaleTranslatePoints',
        scale_range=(2. / 3., 3. / 2.),
        translate_range=(-0.2, 0.2)),
    dict(type='ShufflePoints')
]
# Translation only, then the point order shuffled: for shapes whose classes
# differ in proportions, which a per-axis scale changes (the embedded data:
# sphere/ellipsoid, cylinder/capsule).
translate_augment = [
    dict(
        type='RandomScaleTranslatePoints',
        scale_range=(1., 1.),
        translate_range=(-0.2, 0.2)),
    dict(type='ShufflePoints')
]
# The teachers': random scale only.
teacher_augment = [
    dict(
        type='RandomScaleTranslatePoints',
        scale_range=(0.8, 1.25),
        translate_range=(0.0, 0.0))
]


def point_pipelines(num_points,
                    load=dict(type='LoadPointsFromShapeFile'),
                    augment=student_augment,
                    views=()):
    """Train and test pipelines of ``num_points`` unit-sphere points.

    Args:
        num_points (int): Points sampled per shape: random ones for
            training, the first ones for testing.
        load (dict, optional): The step that loads the points; None where
            the dataset yields them.
        augment (Sequence[dict]): Training augmentation.
        views (Sequence[dict]): Steps that render views, before packing.

    Returns:
        tuple[list[dict], list[dict]]: The train and test pipelines.
    """

    def pipeline(method, steps):
        return [
            *([load] if load else []),
            dict(type='SamplePoints', num_points=num_points, method=method),
            dict(type='NormalizePointsToUnitSphere'), *steps, *views,
            dict(type='PackPointClsInputs')
        ]

    return pipeline('random', augment), pipeline('first', ())
