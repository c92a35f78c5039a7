# Stage III on ScanObjectNN, full scale: the teacher of
# teacher_mvcnn-resnet18_scanobjectnn.py with its cached train-split features
# (keyed by sample_idx) and the CMPG 512 -> 1024 x 3 of cmpg_scanobjectnn.py.
# The student's data and schedule (PointMLP's protocol,
# classifiers/scanobjectnn.py) stay its classifier config's.
from mmengine.config import read_base

with read_base():
    from ..teachers.scanobjectnn import model as teacher
    from .modelnet40 import distiller
    from .terms import *

stage1 = 'work_dirs/teacher_mvcnn-resnet18_scanobjectnn/'
distiller.update(
    teacher=teacher, teacher_ckpt=stage1 + 'teacher.pth',
    teacher_feats=stage1 + 'feats.pth',
    generator_ckpt='work_dirs/cmpg_scanobjectnn/cmpg.pth')
