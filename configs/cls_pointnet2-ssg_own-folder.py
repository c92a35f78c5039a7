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
#   - num_points: points per shape fed to the network (files with fewer
#     points are resampled with replacement, with a warning).
#   - for a CPU, inherit cls_pointnet2-ssg_cpu_modelnet40.py instead (narrow
#     network, fewer points, short schedule).
# On the command line, data_root must be overridden in each dataloader:
#   --cfg-options train_dataloader.dataset.data_root=DIR \
#       val_dataloader.dataset.data_root=DIR \
#       test_dataloader.dataset.data_root=DIR
# Print the resolved config with tools/print_config.py.
_base_ = ['cls_pointnet2-ssg_modelnet40.py']

data_root = 'data/my_shapes/'
class_names = ('airplane', 'bed', 'chair')
num_points = 1024

model = dict(head=dict(num_classes=len(class_names)))

load_points = dict(type='LoadPointsFromShapeFile', use_dims=[0, 1, 2])
train_pipeline = [
    load_points,
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
    load_points,
    dict(type='SamplePoints', num_points=num_points, method='first'),
    dict(type='NormalizePointsToUnitSphere'),
    dict(type='PackPointClsInputs')
]
# val_fraction=... and split_seed=... in each dataset change the val carve;
# file_suffixes=('.npy', ) picks one format when a folder holds several.
shape_folder = dict(data_root=data_root, classes=class_names)
train_dataloader = dict(dataset=dict(**shape_folder, pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(**shape_folder, pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(**shape_folder, pipeline=test_pipeline))
