# What the paper-style ModelNet40 teachers share (the mesh20 and
# official-images teacher configs): the ResNet-18 teacher initialised from
# ImageNet (torchvision://resnet18; offline: --cfg-options
# model.backbone.init_cfg.checkpoint=/path/resnet18.pth), ModelNetDataset
# loaders of batch 32 over train / val / test, and the reference schedule:
# Adam, lr 1e-3, weight decay 1e-4, constant lr, 50 epochs, 4 accumulation
# steps. A config importing it sets each loader's dataset data_root and
# pipeline (dataset.update(...)).
from mmengine.config import read_base

with read_base():
    from ..default_runtime import *
    from ..models.mvcnn_resnet18_teacher import *

model.backbone.init_cfg = dict(
    type='Pretrained', checkpoint='torchvision://resnet18')

loader = dict(batch_size=32, num_workers=8, persistent_workers=True)
train_dataloader = dict(
    loader,
    drop_last=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(type='ModelNetDataset', split='train'))
val_dataloader = dict(
    loader,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='ModelNetDataset', split='val', test_mode=True))
test_dataloader = dict(
    val_dataloader,
    dataset=dict(type='ModelNetDataset', split='test', test_mode=True))
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
