# Stage III on ModelNet40, full scale: the CMPG of cmpg_modelnet40.py, the
# teacher of teacher_mvcnn-resnet18_modelnet40.py and its features, cached
# with
#   tools/extract_teacher_features.py <teacher cfg> <ckpt> --split train \
#       --out work_dirs/teacher_mvcnn-resnet18_modelnet40/feats_train.pth
# and the reference schedule (AdamW lr 1e-3, weight decay 0.05, cosine over
# 1000 epochs, batch 32), which replaces the student's. A
# pointcmt_*_modelnet40 config imports its student's classifier config, then
# this file, turns the student's model, train pipeline and loader into
# Stage III with pointcmt() and deletes it (a function cannot be dumped with
# a config).
from mmengine.config import read_base

with read_base():
    from ..schedules.adamw_cosine import cosine_lr, train_cfg
    from ..teachers.modelnet40 import model as teacher
    from .recipe import stage3

pointcmt = stage3('modelnet40', teacher,
                  dict(type='CMPG', in_channels=512, num_points=1024))

max_epochs = 1000
param_scheduler = cosine_lr(max_epochs)
train_cfg.max_epochs = max_epochs
del cosine_lr, stage3, teacher
