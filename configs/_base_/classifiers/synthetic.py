# The classifier on the embedded data (cls_pointnet2-ssg_synthetic.py): the
# CPU-sized PointNet++ SSG (SA on 128 and 32 of the 512 points, 128-d
# feature) for the 13 classes, 20 epochs.
from mmengine.config import read_base

with read_base():
    from ..datasets.synthetic_shapes import *
    from ..default_runtime import *
    from ..models.point_classifier import model_narrow
    from ..schedules.adamw_cosine import *

model = model_narrow
model.backbone.num_points = (128, 32)
model.head.num_classes = 13

max_epochs = 20
param_scheduler = [dict(cosine_lr, T_max=max_epochs, end=max_epochs)]
train_cfg.max_epochs = max_epochs
