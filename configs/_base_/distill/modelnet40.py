# Stage III on ModelNet40, full scale: the paper's teacher
# (teacher_mvcnn-resnet18_mesh20_modelnet40.py) with its cached train-split
# features (keyed by <class>/<split>/<name>, so the students read the points
# of data/modelnet40_1024 while the teacher saw the meshes),
# the CMPG 512 -> 1024 x 3 of cmpg_modelnet40.py, and the reference schedule
# (AdamW lr 1e-3, weight decay 0.05, cosine over 1000 epochs, batch 32 on one
# GPU), which replaces the student's.
from mmengine.config import read_base

with read_base():
    from ..models.cmpg import cmpg
    from ..schedules.adamw_cosine import *
    from ..teachers.modelnet40 import model as teacher
    from .terms import *

stage1 = 'work_dirs/teacher_mvcnn-resnet18_mesh20_modelnet40/'
distiller = dict(
    type='CrossModalDistiller', teacher=teacher, generator=cmpg,
    teacher_ckpt=stage1 + 'teacher.pth', teacher_feats=stage1 + 'feats.pth',
    generator_ckpt='work_dirs/cmpg_modelnet40/cmpg.pth')

train_cfg.max_epochs = 1000
param_scheduler = [dict(cosine_lr, T_max=1000, end=1000)]
