# Stage I on the embedded synthetic shapes, CPU-sized: ResNet-18 with 16 base
# channels on 6 views of 32 x 32 px rendered from each sample's clean,
# complete mesh, 5 epochs. Defined in _base_/teachers/synthetic.py, which
# cmpg_synthetic.py imports.
from mmengine.config import read_base

with read_base():
    from ._base_.teachers.synthetic import *
