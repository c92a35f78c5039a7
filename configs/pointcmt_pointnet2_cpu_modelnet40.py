# CPU-scale Stage III on ModelNet40: the student and schedule of
# cls_pointnet2-ssg_cpu_modelnet40.py with the Stage III recipe
# (_base_/pointcmt/recipe.py; CMPG 128 -> 128 x 3). The official settings are
# the preset pointcmt_lab.REFERENCE_RECIPE; vanilla is every term off
# (pointcmt_lab.VANILLA_OPTIONS).
from mmengine.config import read_base

with read_base():
    from ._base_.classifiers.cpu_modelnet40 import *
    from ._base_.pointcmt.cpu_modelnet40 import *

model, train_pipeline, train_dataloader = pointcmt(
    model, train_pipeline, train_dataloader)
del pointcmt
