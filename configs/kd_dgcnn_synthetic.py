# Logit distillation from the image teacher (DGCNN, embedded data):
# pointcmt_dgcnn_synthetic.py with PointCMT's terms swapped for
#   loss_kd = KL(student logits || teacher fc(teacher feature)), T = 4,
# averaged over the batch, target detached (not in the paper; the recipe that
# the recipe studies selected on val, docs/studies/).
from mmengine.config import read_base

with read_base():
    from .pointcmt_dgcnn_synthetic import *

model.update(loss_fe=None, loss_ce=None, loss_kd=kd)
