# The classifier on the embedded synthetic shapes, sized for a CPU,
# cls_pointnet2-ssg_synthetic.py: the narrow PointNet++ SSG on 512 points,
# 20 epochs. The other classifiers on these shapes import it and set
# model.backbone.
from mmengine.config import read_base

with read_base():
    from ..datasets.synthetic_shapes import *
    from ..default_runtime import *
    from ..models.point_classifier import model_narrow
    from ..schedules.adamw_cosine import *

model = model_narrow
# SA on 128 and 32 centres: a quarter and a sixteenth of the 512 points.
model.backbone.num_points = (128, 32)
model.head.num_classes = 13

max_epochs = 20
param_scheduler = cosine_lr(max_epochs)
train_cfg.max_epochs = max_epochs
# The bases' helpers: no config entries (a function cannot be dumped).
del cosine_lr, model_narrow, synthetic_loaders
