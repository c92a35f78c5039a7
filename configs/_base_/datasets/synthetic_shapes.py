# The embedded default dataset: 13 classes of procedurally generated shapes
# (random proportions, rotations, noise, partial occlusion, outliers),
# deterministic by seed; nothing to download. Sized for CPU runs.
# Each sample is a mesh: students get sparse, degraded samples of its surface
# (the settings below), a teacher can render the clean, complete mesh
# (mesh_vertices / mesh_faces, e.g. with RenderMeshViews). The degradation
# puts the students in PointCMT's regime, well below such a teacher: most
# shapes lose 10-40 % of their surface behind a plane, plus noise of 2 % of
# the radius and 2 % outliers.
# synthetic_loaders() puts other pipelines (pipelines.point_pipelines) in the
# three loaders; a config importing this file deletes it after use (a
# function cannot be dumped with a config).
from mmengine.config import read_base

with read_base():
    from .pipelines import point_pipelines

dataset_type = 'SyntheticShapesDataset'
num_points = 512
degradation = dict(
    noise_std=0.02,
    occlusion_prob=0.75,
    occlusion_range=(0.1, 0.4),
    outlier_ratio=0.02)


def synthetic_loaders(train_pipeline, test_pipeline):
    """Train, val and test loaders of the synthetic shapes.

    Args:
        train_pipeline (list[dict]): The train split's pipeline.
        test_pipeline (list[dict]): The val and test splits' pipeline.

    Returns:
        tuple[dict, dict, dict]: The train, val and test loaders.
    """
    shapes = dict(type=dataset_type, num_points=num_points, **degradation)
    train = dict(
        batch_size=32,
        num_workers=0,
        drop_last=True,
        sampler=dict(type='DefaultSampler', shuffle=True),
        dataset=dict(shapes, split='train', num_samples_per_class=100,
                     test_mode=False, pipeline=train_pipeline))
    val = dict(
        train,
        drop_last=False,
        sampler=dict(type='DefaultSampler', shuffle=False),
        dataset=dict(shapes, split='val', num_samples_per_class=30,
                     test_mode=True, pipeline=test_pipeline))
    # The test split is ten times the val split: on 30 shapes per class the
    # difference between two students moved by 1.7 points (std) from test
    # sampling alone, more than the effects the main job measures (README
    # "Results"); 300 per class bring that to about 0.5.
    test = dict(
        val,
        dataset=dict(
            val['dataset'], split='test', num_samples_per_class=300))
    return train, val, test


train_pipeline, test_pipeline = point_pipelines(num_points, load=None)
train_dataloader, val_dataloader, test_dataloader = synthetic_loaders(
    train_pipeline, test_pipeline)
val_evaluator = dict(type='PointClsAccuracy')
test_evaluator = dict(type='PointClsAccuracy', prefix='test')
del point_pipelines
