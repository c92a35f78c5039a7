# Stage I on ModelNet40 from the official pre-rendered images: an
# ImageNet-pretrained ResNet-18 (512-d, views max-pooled) over the 20 views
# <img_root>/<class>/<train|test>/<name>_001.png .. _020.png of each shape,
# at 224 x 224 px. Each sample's class and split come from its point file
# <data_root>/<class>/<train|test>/<name>.<ext>, whose name must match the
# images'; the points ride along for Stage II. Adam, lr 1e-3, weight decay
# 1e-4, constant lr, 50 epochs, batch 32 with 4 accumulation steps (the
# reference's).
# Offline, point the init at a local copy of torchvision's weights:
#   --cfg-options model.backbone.init_cfg.checkpoint=/path/resnet18.pth
from mmengine.config import read_base

with read_base():
    from ._base_.default_runtime import *
    from ._base_.models.mvcnn_resnet18_teacher import *

data_root = 'data/modelnet40_1024/'
img_root = 'data/modelnet40_images/'
model.backbone.init_cfg = dict(
    type='Pretrained', checkpoint='torchvision://resnet18')

load = dict(type='LoadPointsFromShapeFile')
normalize = dict(type='NormalizePointsToUnitSphere')
views = dict(
    type='LoadMultiViewImages', img_root=img_root, num_views=20,
    image_size=224)
pack = dict(type='PackPointClsInputs')
train_pipeline = [
    load,
    dict(type='SamplePoints', num_points=1024, method='random'), normalize,
    views, pack
]
test_pipeline = [
    load,
    dict(type='SamplePoints', num_points=1024, method='first'), normalize,
    views, pack
]
shapes = dict(type='ModelNetDataset', data_root=data_root)
loader = dict(batch_size=32, num_workers=8, persistent_workers=True)
train_dataloader = dict(
    loader,
    drop_last=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(shapes, split='train', pipeline=train_pipeline))
val_dataloader = dict(
    loader,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(shapes, split='val', test_mode=True, pipeline=test_pipeline))
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
