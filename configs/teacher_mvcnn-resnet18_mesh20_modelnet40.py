# Stage I on ModelNet40 as in the paper: an ImageNet-pretrained ResNet-18
# (512-d, views max-pooled) over 20 shaded renderings at 224 x 224 px of each
# shape's original mesh, drawn in the data loader from the official OFF files
# (<data_root>/<class>/<train|test>/<name>.off) from the 20 vertices of a
# dodecahedron, and read from cache_dir once drawn (8-bit images, one
# compressed .npz a shape). Adam, lr 1e-3, weight decay 1e-4, constant lr,
# 50 epochs, batch 32 with 4 accumulation steps (the reference's;
# _base_/teachers/modelnet40_imagenet.py). The points (1024 area-weighted
# surface samples) ride along for Stage II.
# Offline, point the init at a local copy of torchvision's weights:
#   --cfg-options model.backbone.init_cfg.checkpoint=/path/resnet18.pth
from mmengine.config import read_base

with read_base():
    from ._base_.teachers.modelnet40_imagenet import *

data_root = 'data/ModelNet40/'
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
meshes = dict(data_root=data_root, file_suffixes=['.off'])
train_dataloader.dataset.update(meshes, pipeline=train_pipeline)
val_dataloader.dataset.update(meshes, pipeline=test_pipeline)
test_dataloader.dataset.update(meshes, pipeline=test_pipeline)
