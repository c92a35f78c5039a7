# Stage I on ModelNet40 as in the paper: an ImageNet-pretrained ResNet-18
# (512-d, views max-pooled) over 20 shaded renderings at 224 x 224 px of each
# shape's original mesh, drawn in process from the official OFF files
# (<data_root>/<class>/<train|test>/<name>.off) from the 20 vertices of a
# dodecahedron, and kept in cache_dir after the first epoch (8-bit, about
# 50 kB a shape). Adam, lr 1e-3, weight decay 1e-4, constant lr, 50 epochs,
# batch 32 with 4 accumulation steps (the reference's).
# Offline, point the init at a local copy of torchvision's weights:
#   --cfg-options model.backbone.init_cfg.checkpoint=/path/resnet18.pth
# The points (1024 area-weighted surface samples) ride along for Stage II.
from mmengine.config import read_base

with read_base():
    from ._base_.default_runtime import *
    from ._base_.models.mvcnn_resnet18_teacher import *

data_root = 'data/ModelNet40/'
model.backbone.init_cfg = dict(
    type='Pretrained', checkpoint='torchvision://resnet18')

render = dict(
    type='RenderMeshViews',
    views='dodecahedron20',
    image_size=224,
    mode='shaded',
    cache_dir='data/ModelNet40_views/mesh20_224/')
load = dict(type='LoadMeshFromShapeFile', num_samples=2048)
normalize = dict(type='NormalizePointsToUnitSphere')
pack = dict(type='PackPointClsInputs')
train_pipeline = [
    load,
    dict(type='SamplePoints', num_points=1024, method='random'), normalize,
    render, pack
]
test_pipeline = [
    load,
    dict(type='SamplePoints', num_points=1024, method='first'), normalize,
    render, pack
]
meshes = dict(
    type='ModelNetDataset', data_root=data_root, file_suffixes=['.off'])
loader = dict(batch_size=32, num_workers=8, persistent_workers=True)
train_dataloader = dict(
    loader,
    drop_last=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(meshes, split='train', pipeline=train_pipeline))
val_dataloader = dict(
    loader,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(meshes, split='val', test_mode=True, pipeline=test_pipeline))
test_dataloader = dict(
    val_dataloader,
    dataset=dict(val_dataloader['dataset'], split='test'))
val_evaluator = dict(type='PointClsAccuracy')
test_evaluator = dict(type='PointClsAccuracy', prefix='test')

max_epochs = 50
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='Adam', lr=1e-3, weight_decay=1e-4),
    accumulative_counts=4)
param_scheduler = []
train_cfg = dict(
    type='EpochBasedTrainLoop', max_epochs=max_epochs, val_interval=1)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
auto_scale_lr = dict(enable=False, base_batch_size=32)
