# CPU-scale PointNet++ SSG on ScanObjectNN PB_T50_RS: the CPU-scale protocol
# of cls_pointnet2-ssg_cpu_modelnet40.py on 256 of the 2048 points, 15
# classes. Defined in _base_/classifiers/cpu_scanobjectnn.py, which the other
# CPU-scale ScanObjectNN configs import.
from mmengine.config import read_base

with read_base():
    from ._base_.classifiers.cpu_scanobjectnn import *
