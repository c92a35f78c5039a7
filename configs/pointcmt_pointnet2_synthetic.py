# PointCMT on the embedded synthetic shapes (the main job's, with
# tools/run_pointcmt.py): the CPU-sized PointNet++ SSG student of
# cls_pointnet2-ssg_synthetic.py on 256 points (SA on 64 and 16 centres) for
# 8 epochs, with PointCMT's own terms at the weights the embedded-data study
# selected on val:
#   loss_cls (CE, label smoothing 0.2)
#   + loss_fe = 3 x EMD(CMPG(student feature), CMPG(teacher feature))
#   + loss_ce = 0.3 x KL(student logits || student fc(teacher feature))
# kd_pointnet2_synthetic.py trains the logit-distillation recipe instead;
# the vanilla baseline is either config with every term set to None.
from mmengine.config import read_base

with read_base():
    from ._base_.classifiers.synthetic import *
    # Last: Stage III at this scale (its data and schedule replace the
    # student's).
    from ._base_.distill.synthetic import *

model.backbone.num_points = (64, 16)
model = dict(distiller, student=model, loss_fe=tuned_fe, loss_ce=tuned_ce)
