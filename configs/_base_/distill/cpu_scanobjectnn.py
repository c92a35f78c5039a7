# CPU-scale Stage III on ScanObjectNN: the teacher of
# teacher_mvcnn-resnet18_cpu_scanobjectnn.py with its cached train-split
# features (keyed by sample_idx) and the CMPG 128 -> 128 x 3 of
# cmpg_cpu_scanobjectnn.py; the student's data and schedule stay its
# classifier config's.
from mmengine.config import read_base

with read_base():
    from ..teachers.cpu_scanobjectnn import model as teacher
    from .cpu_modelnet40 import distiller
    from .terms import *

stage1 = 'work_dirs/teacher_mvcnn-resnet18_cpu_scanobjectnn/'
distiller.update(
    teacher=teacher, teacher_ckpt=stage1 + 'teacher.pth',
    teacher_feats=stage1 + 'feats.pth',
    generator_ckpt='work_dirs/cmpg_cpu_scanobjectnn/cmpg.pth')
