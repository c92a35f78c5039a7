# CPU-scale Stage III on ModelNet40: the teacher of
# teacher_mvcnn-resnet18_cpu_modelnet40.py with its cached train-split
# features, and the CMPG 128 -> 128 x 3 of cmpg_cpu_modelnet40.py; the
# student's data and schedule stay its classifier config's.
from mmengine.config import read_base

with read_base():
    from ..models.cmpg import cmpg_narrow
    from ..teachers.cpu_modelnet40 import model as teacher
    from .terms import *

stage1 = 'work_dirs/teacher_mvcnn-resnet18_cpu_modelnet40/'
distiller = dict(
    type='CrossModalDistiller', teacher=teacher, generator=cmpg_narrow,
    teacher_ckpt=stage1 + 'teacher.pth', teacher_feats=stage1 + 'feats.pth',
    generator_ckpt='work_dirs/cmpg_cpu_modelnet40/cmpg.pth')
