# The full-scale ModelNet40 classifier (cls_pointnet2-ssg_modelnet40.py): the
# PointNet++ SSG point classifier on 1024 points, AdamW + cosine over 200
# epochs, batch 32. Other backbones set model.backbone.
from mmengine.config import read_base

with read_base():
    from ..datasets.modelnet40 import *
    from ..default_runtime import *
    from ..models.point_classifier import model
    from ..schedules.adamw_cosine import *
