# PointNet++ SSG on ScanObjectNN PB_T50_RS, full scale, on PointMLP's
# published protocol. Defined in _base_/classifiers/scanobjectnn.py, which
# the other full-scale ScanObjectNN configs import.
from mmengine.config import read_base

with read_base():
    from ._base_.classifiers.scanobjectnn import *
