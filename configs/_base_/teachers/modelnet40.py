# Stage I on ModelNet40, full scale, the paper's teacher: ResNet-18 (512-d,
# views max-pooled) over 20 shaded renderings at 224 x 224 px of each shape's
# original mesh, drawn in the data loader from the official OFF files
# (<data_root>/<class>/<train|test>/<name>.off) from the 20 vertices of a
# dodecahedron and read from cache_dir once drawn (8-bit images, one
# compressed .npz a shape). Adam, lr 1e-3, weight decay 1e-4, 50 epochs,
# batch 32 x 4 accumulated (the reference settings; its cosine schedule keeps
# the lr constant). 1024 points sampled from the surface ride along for
# Stage II (the CMPG's target).
from mmengine.config import read_base

with read_base():
    from ..datasets.modelnet40 import *
    from ..default_runtime import *
    from ..models.mvcnn_resnet18_teacher import *
    from ..schedules.adamw_cosine import *

data_root = 'data/ModelNet40/'
load_mesh = dict(type='LoadMeshFromShapeFile', num_samples=2048)
render = dict(
    type='RenderMeshViews',
    views='dodecahedron20',
    image_size=224,
    mode='shaded',
    cache_dir='data/ModelNet40_views/mesh20_224/')
train_pipeline = [load_mesh, sample_1024, normalize, render, pack]
test_pipeline = [load_mesh, first_1024, normalize, render, pack]
meshes = dict(data_root=data_root, file_suffixes=['.off'])
train_dataloader.dataset.update(meshes, pipeline=train_pipeline)
val_dataloader.dataset.update(meshes, pipeline=test_pipeline)
test_dataloader.dataset.update(meshes, pipeline=test_pipeline)
# Rendering on a cache miss costs up to a second a shape on one core.
train_dataloader.num_workers = 8
val_dataloader.num_workers = 8
test_dataloader.num_workers = 8

max_epochs = 50
optim_wrapper.update(
    optimizer=dict(type='Adam', lr=1e-3, weight_decay=1e-4),
    accumulative_counts=4)
# --auto-scale-lr compares the effective batch (32 x 4 here) with this.
auto_scale_lr.base_batch_size = 128
param_scheduler = []
train_cfg.max_epochs = max_epochs
