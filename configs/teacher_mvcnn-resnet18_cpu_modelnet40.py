# CPU-scale Stage I on ModelNet40: ResNet-18 with 16 base channels over 6
# SimpleView depth projections of all 1024 points at 64 x 64 px, 20 epochs.
# Defined in _base_/teachers/cpu_modelnet40.py, which cmpg_cpu_modelnet40.py
# imports.
from mmengine.config import read_base

with read_base():
    from ._base_.teachers.cpu_modelnet40 import *
