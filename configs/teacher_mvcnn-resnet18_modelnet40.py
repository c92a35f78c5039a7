# Stage I on ModelNet40, full scale, the points-only fallback: an
# ImageNet-pretrained ResNet-18 (512-d) over 6 SimpleView projections of the
# points at 128 x 128 px, 50 epochs (no meshes or images needed). Defined in
# _base_/teachers/modelnet40.py, which cmpg_modelnet40.py imports; the paper's
# teacher (20 mesh views at 224 px) is teacher_mvcnn-resnet18_mesh20_*.py.
# Offline, point the init at a local copy of torchvision's weights:
#   --cfg-options model.backbone.init_cfg.checkpoint=/path/resnet18.pth
from mmengine.config import read_base

with read_base():
    from ._base_.teachers.modelnet40 import *

model.backbone.init_cfg = dict(
    type='Pretrained', checkpoint='torchvision://resnet18')
