# Logit distillation from the image teacher (pointmlp, ScanObjectNN, full
# scale): pointcmt_pointmlp_scanobjectnn.py with PointCMT's terms swapped for
#   loss_kd = KL(student logits || teacher fc(teacher feature)), T = 4,
# averaged over the batch, target detached (not in the paper; the recipe that
# the recipe studies selected on val, docs/studies/).
from mmengine.config import read_base

with read_base():
    from .pointcmt_pointmlp_scanobjectnn import *

model.update(loss_fe=None, loss_ce=None, loss_kd=kd)
