# PointCMT with the CPU-sized DGCNN student of cls_dgcnn_synthetic.py on the
# embedded data, in the Stage III of pointcmt_pointnet2_synthetic.py.
from mmengine.config import read_base

with read_base():
    from .cls_dgcnn_synthetic import *
    # Last: Stage III at this scale (its data and schedule replace the
    # student's).
    from ._base_.distill.synthetic import *

model = dict(distiller, student=model, loss_fe=tuned_fe, loss_ce=tuned_ce)
