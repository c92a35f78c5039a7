# CPU-scale Stage III on ModelNet40: the student's data and schedule, the
# teacher of teacher_mvcnn-resnet18_cpu_modelnet40.py (its checkpoint and
# cached features) and the CMPG 128 -> 128 x 3 of cmpg_cpu_modelnet40.py. A
# pointcmt_*_cpu_modelnet40 config imports its student's classifier config,
# then this file, turns the student's model, train pipeline and loader into
# Stage III with pointcmt() and deletes it (a function cannot be dumped with
# a config).
from mmengine.config import read_base

with read_base():
    from ..teachers.cpu_modelnet40 import model as teacher
    from .recipe import stage3

pointcmt = stage3('cpu_modelnet40', teacher,
                  dict(type='CMPG', in_channels=128, num_points=128))
del stage3, teacher
