# ModelNet40 from per-shape folders <data_root>/<class>/<train|test>/<name>.*
# (e.g. modelnet40_1024: 1024 unit-sphere points per shape). 'val' is a
# stratified 10 % of the official train split; checkpoints are selected on it
# and the official test split is only used for reporting.
# modelnet40_loaders() puts other pipelines (pipelines.point_pipelines), or
# loader and dataset settings, in the three loaders; a config importing this
# file deletes it after use (a function cannot be dumped with a config).
from mmengine.config import read_base

with read_base():
    from .pipelines import point_pipelines

dataset_type = 'ModelNetDataset'
data_root = 'data/modelnet40_1024/'
num_points = 1024


def modelnet40_loaders(train_pipeline, test_pipeline, dataset=None, **loader):
    """Train, val and test loaders of a shape folder.

    Args:
        train_pipeline (list[dict]): The train split's pipeline.
        test_pipeline (list[dict]): The val and test splits' pipeline.
        dataset (dict, optional): Dataset settings over the defaults
            (data_root, classes, ...).
        **loader: Loader settings over the defaults (num_workers, ...).

    Returns:
        tuple[dict, dict, dict]: The train, val and test loaders.
    """
    loader = dict(
        dict(batch_size=32, num_workers=2, persistent_workers=True), **loader)
    folder = dict(
        dict(type=dataset_type, data_root=data_root), **(dataset or {}))
    train = dict(
        loader,
        drop_last=True,
        sampler=dict(type='DefaultSampler', shuffle=True),
        dataset=dict(folder, split='train', pipeline=train_pipeline))
    val = dict(
        loader,
        drop_last=False,
        sampler=dict(type='DefaultSampler', shuffle=False),
        dataset=dict(
            folder, split='val', test_mode=True, pipeline=test_pipeline))
    return train, val, dict(val, dataset=dict(val['dataset'], split='test'))


train_pipeline, test_pipeline = point_pipelines(num_points)
train_dataloader, val_dataloader, test_dataloader = modelnet40_loaders(
    train_pipeline, test_pipeline)
val_evaluator = dict(type='PointClsAccuracy')
test_evaluator = dict(type='PointClsAccuracy', prefix='test')
del point_pipelines
