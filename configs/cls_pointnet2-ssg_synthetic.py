# PointNet++ SSG on the embedded synthetic shapes, sized for a CPU: 512
# points, narrow layers, 20 epochs. Defined in _base_/classifiers/synthetic.py,
# which the other configs on these shapes import.
from mmengine.config import read_base

with read_base():
    from ._base_.classifiers.synthetic import *
