# CPU-scale Stage I on ScanObjectNN PB_T50_RS: ResNet-18 with 16 base
# channels over 6 SimpleView depth projections of 1024 points at 64 x 64 px,
# 20 epochs. Defined in _base_/teachers/cpu_scanobjectnn.py, which
# cmpg_cpu_scanobjectnn.py imports.
from mmengine.config import read_base

with read_base():
    from ._base_.teachers.cpu_scanobjectnn import *
