# Stage I on ModelNet40, full scale, the paper's teacher: 20 shaded renderings
# at 224 px of each shape's OFF mesh (_base_/teachers/modelnet40.py), from an
# ImageNet-pretrained ResNet-18. Offline, point the init at a local copy of
# torchvision's weights:
#   --cfg-options model.backbone.init_cfg.checkpoint=/path/resnet18.pth
from mmengine.config import read_base

with read_base():
    from ._base_.teachers.modelnet40 import *

model.backbone.init_cfg = dict(
    type='Pretrained', checkpoint='torchvision://resnet18')
