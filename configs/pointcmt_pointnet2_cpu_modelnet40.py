# CPU-scale PointCMT on ModelNet40 (docs/studies/modelnet40-cpu.md): the
# PointNet++ SSG student of cls_pointnet2-ssg_cpu_modelnet40.py (256 points,
# 20 epochs) with PointCMT's own terms at the weights that study selected on
# val (loss_fe 3 x EMD, loss_ce 0.3 x KL averaged over the batch), the
# teacher's features cached. kd_pointnet2_cpu_modelnet40.py trains the
# logit-distillation recipe instead.
from mmengine.config import read_base

with read_base():
    from ._base_.classifiers.cpu_modelnet40 import *
    from ._base_.distill.cpu_modelnet40 import *

model = dict(distiller, student=model, loss_fe=tuned_fe, loss_ce=tuned_ce)
