# CPU-scale PointNet++ SSG on ModelNet40, the student of the CPU-scale
# reproduction protocol (tools/run_pointcmt.py --preset modelnet40-cpu): 256
# of the 1024 points, the narrow CPU-sized network of the embedded-data
# configs, 20 epochs. Defined in _base_/classifiers/cpu_modelnet40.py, which
# the other CPU-scale configs import.
from mmengine.config import read_base

with read_base():
    from ._base_.classifiers.cpu_modelnet40 import *
