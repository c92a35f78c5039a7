# Stage I on ScanObjectNN PB_T50_RS, full scale: 6 SimpleView depth
# projections of the points at 128 px (_base_/teachers/scanobjectnn.py), from
# an ImageNet-pretrained ResNet-18. Offline, point the init at a local copy
# of torchvision's weights:
#   --cfg-options model.backbone.init_cfg.checkpoint=/path/resnet18.pth
from mmengine.config import read_base

with read_base():
    from ._base_.teachers.scanobjectnn import *

model.backbone.init_cfg = dict(
    type='Pretrained', checkpoint='torchvision://resnet18')
