# CPU-scale PointCMT with a DGCNN student: the model, data (128 points) and
# schedule of cls_dgcnn_cpu_modelnet40.py in the Stage III of
# pointcmt_pointnet2_cpu_modelnet40.py.
from mmengine.config import read_base

with read_base():
    from .cls_dgcnn_cpu_modelnet40 import *
    from ._base_.distill.cpu_modelnet40 import *

model = dict(distiller, student=model, loss_fe=tuned_fe, loss_ce=tuned_ce)
