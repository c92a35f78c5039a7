# The embedded dataset (SyntheticShapesDataset): 13 classes of meshes
# generated on the fly, deterministic by seed; each sample has the clean mesh
# and 512 points sampled from it with noise, partial occlusion and outliers.
# 100 training, 30 val and 300 test shapes per class: on 30 shapes per class
# the difference between two students moved by 1.7 points (std) from test
# sampling alone; 300 per class bring that to about 0.5
# (docs/studies/synthetic.md).
from mmengine.config import read_base

with read_base():
    from .pipelines import *

dataset_type = 'SyntheticShapesDataset'
num_points = 512
degradation = dict(
    noise_std=0.02,
    occlusion_prob=0.75,
    occlusion_range=(0.1, 0.4),
    outlier_ratio=0.02)
train_pipeline = [sample_512, normalize, *student_augment, pack]
test_pipeline = [first_512, normalize, pack]
shapes = dict(type=dataset_type, num_points=num_points, **degradation)
train_dataloader = dict(
    train_loader,
    num_workers=0,
    dataset=dict(shapes, split='train', num_samples_per_class=100,
                 test_mode=False, pipeline=train_pipeline))
val_dataloader = dict(
    eval_loader,
    num_workers=0,
    dataset=dict(shapes, split='val', num_samples_per_class=30,
                 test_mode=True, pipeline=test_pipeline))
test_dataloader = dict(
    val_dataloader,
    dataset=dict(
        val_dataloader['dataset'], split='test', num_samples_per_class=300))
val_evaluator = dict(type='PointClsAccuracy')
test_evaluator = dict(type='PointClsAccuracy', prefix='test')
