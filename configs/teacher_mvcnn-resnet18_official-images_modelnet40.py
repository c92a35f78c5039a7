# Stage I on ModelNet40, full scale, the official pre-rendered images, 20 views
# at 224 px (_base_/teachers/modelnet40_images.py), from an ImageNet-pretrained
# ResNet-18. Offline, point the init at a local copy of torchvision's weights:
#   --cfg-options model.backbone.init_cfg.checkpoint=/path/resnet18.pth
from mmengine.config import read_base

with read_base():
    from ._base_.teachers.modelnet40_images import *

model.backbone.init_cfg = dict(
    type='Pretrained', checkpoint='torchvision://resnet18')
