# The full-scale ModelNet40 classifier, cls_pointnet2-ssg_modelnet40.py:
# PointNet++ SSG on 1024 points, AdamW with a cosine decay over 200 epochs
# (GPU). The other full-scale classifiers import it and set model.backbone.
from mmengine.config import read_base

with read_base():
    from ..datasets.modelnet40 import *
    from ..default_runtime import *
    from ..models.point_classifier import model
    from ..schedules.adamw_cosine import *

# The bases' helpers: no config entries (a function cannot be dumped).
del cosine_lr, modelnet40_loaders
