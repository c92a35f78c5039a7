# ModelNet40 from per-shape folders <data_root>/<class>/<train|test>/<name>.*
# (modelnet40_1024: 1024 unit-sphere points per shape). 'val' is a stratified
# 10 % of the official train split; checkpoints are selected on it and the
# official test split is only used for reporting.
from mmengine.config import read_base

with read_base():
    from .pipelines import *

dataset_type = 'ModelNetDataset'
data_root = 'data/modelnet40_1024/'
train_pipeline = [load_points, sample_1024, normalize, *student_augment, pack]
test_pipeline = [load_points, first_1024, normalize, pack]
folder = dict(type=dataset_type, data_root=data_root)
workers = dict(num_workers=2, persistent_workers=True)
train_dataloader = dict(
    train_loader,
    **workers,
    dataset=dict(folder, split='train', pipeline=train_pipeline))
val_dataloader = dict(
    eval_loader,
    **workers,
    dataset=dict(folder, split='val', test_mode=True, pipeline=test_pipeline))
test_dataloader = dict(
    val_dataloader, dataset=dict(val_dataloader['dataset'], split='test'))
val_evaluator = dict(type='PointClsAccuracy')
test_evaluator = dict(type='PointClsAccuracy', prefix='test')
