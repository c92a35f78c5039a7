# Stage I on ModelNet40 from the official pre-rendered images: an
# ImageNet-pretrained ResNet-18 (512-d, views max-pooled) over the 20 views
# <img_root>/<class>/<train|test>/<name>_001.png .. _020.png of each shape,
# at 224 x 224 px. Each sample's class and split come from its point file
# <data_root>/<class>/<train|test>/<name>.<ext>, whose name must match the
# images'; the points ride along for Stage II. Adam, lr 1e-3, weight decay
# 1e-4, constant lr, 50 epochs, batch 32 with 4 accumulation steps (the
# reference's; _base_/teachers/modelnet40_imagenet.py).
# Offline, point the init at a local copy of torchvision's weights:
#   --cfg-options model.backbone.init_cfg.checkpoint=/path/resnet18.pth
from mmengine.config import read_base

with read_base():
    from ._base_.teachers.modelnet40_imagenet import *

data_root = 'data/modelnet40_1024/'
img_root = 'data/modelnet40_images/'
load = dict(type='LoadPointsFromShapeFile')
normalize = dict(type='NormalizePointsToUnitSphere')
views = dict(
    type='LoadMultiViewImages',
    img_root=img_root,
    num_views=20,
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
train_dataloader.dataset.update(data_root=data_root, pipeline=train_pipeline)
val_dataloader.dataset.update(data_root=data_root, pipeline=test_pipeline)
test_dataloader.dataset.update(data_root=data_root, pipeline=test_pipeline)
