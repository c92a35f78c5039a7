# PointNet++ SSG on ModelNet40, full scale (GPU): 1024 points, 200 epochs.
# Defined in _base_/classifiers/modelnet40.py, which the other full-scale
# configs import (a file name with a hyphen cannot be imported).
from mmengine.config import read_base

with read_base():
    from ._base_.classifiers.modelnet40 import *
