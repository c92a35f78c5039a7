# PointNet++ SSG on your own shapes, one file per shape:
#
#   data/my_shapes/<class>/train/<name>.{npy,txt,off,ply,pcd}
#   data/my_shapes/<class>/test/<name>.{npy,txt,off,ply,pcd}
#
# .npy/.txt/.pcd are point clouds (xyz first, extra columns such as normals
# are dropped by use_dims below); .off/.ply meshes are sampled by area. A
# 'val' split (10 % per class, deterministic) is carved from train/ and used
# to select checkpoints; test/ is only used for reporting.
#
# What to change:
#   - data_root: your folder.
#   - class_names: your class folder names; their order sets the labels.
#     The head's num_classes follows from it.
#   - sample_1024 / first_1024: points per shape fed to the network (files
#     with fewer points are resampled with replacement, with a warning);
#     _base_/datasets/pipelines.py has other counts.
#   - for a CPU, import _base_/classifiers/cpu_modelnet40.py instead (narrow
#     network, fewer points, short schedule).
# On the command line, data_root must be overridden in each dataloader:
#   --cfg-options train_dataloader.dataset.data_root=DIR \
#       val_dataloader.dataset.data_root=DIR \
#       test_dataloader.dataset.data_root=DIR
# Print the resolved config with tools/print_config.py.
from mmengine.config import read_base

with read_base():
    from ._base_.classifiers.modelnet40 import *

data_root = 'data/my_shapes/'
class_names = ('airplane', 'bed', 'chair')
model.head.num_classes = len(class_names)

load_points = dict(type='LoadPointsFromShapeFile', use_dims=[0, 1, 2])
train_pipeline = [load_points, sample_1024, normalize, *student_augment, pack]
test_pipeline = [load_points, first_1024, normalize, pack]
shape_folder = dict(data_root=data_root, classes=class_names)
train_dataloader.dataset.update(shape_folder, pipeline=train_pipeline)
val_dataloader.dataset.update(shape_folder, pipeline=test_pipeline)
test_dataloader.dataset.update(shape_folder, pipeline=test_pipeline)
