# Stage I on ModelNet40, full scale: ResNet-18 (512-d) over 6 SimpleView
# projections of the points at 128 x 128 px, 50 epochs. Defined in
# _base_/teachers/modelnet40.py, which cmpg_modelnet40.py imports.
from mmengine.config import read_base

with read_base():
    from ._base_.teachers.modelnet40 import *
