# Stage III on ModelNet40, full scale: the PointNet++ SSG student of
# cls_pointnet2-ssg_modelnet40.py (1024 points) with the Stage III recipe
# (_base_/pointcmt/recipe.py) and the reference schedule (AdamW lr 1e-3,
# weight decay 0.05, cosine over 1000 epochs, batch 32). Teacher features come
# from
#   tools/extract_teacher_features.py <teacher cfg> <ckpt> --split train \
#       --out work_dirs/teacher_mvcnn-resnet18_modelnet40/feats_train.pth
# Vanilla baseline: every term off (pointcmt_lab.VANILLA_OPTIONS).
# Other students: import their classifier config instead of this one's
# (pointcmt_dgcnn_modelnet40.py), or import this file and set
# model.student.backbone (pointcmt_pointnet2-msg_modelnet40.py).
from mmengine.config import read_base

with read_base():
    from ._base_.classifiers.modelnet40 import *
    # Last: Stage III at this scale (its schedule replaces the student's).
    from ._base_.pointcmt.modelnet40 import *

model, train_pipeline, train_dataloader = pointcmt(
    model, train_pipeline, train_dataloader)
del pointcmt
