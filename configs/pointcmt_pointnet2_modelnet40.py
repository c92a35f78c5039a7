# PointCMT on ModelNet40, full scale, with the paper's settings: the
# PointNet++ SSG student of cls_pointnet2-ssg_modelnet40.py (1024 points,
# label smoothing 0.2) with
#   loss_fe = 30 x EMD(CMPG(student feature), CMPG(teacher feature)), unit box
#   loss_ce = 0.3 x KL at T = 1, summed over the batch, target not detached
# and the reference schedule (AdamW lr 1e-3, weight decay 0.05, cosine over
# 1000 epochs, batch 32). The paper's student is PointNet++ MSG:
# pointcmt_pointnet2-msg_modelnet40.py. Teacher features are cached with
#   tools/extract_teacher_features.py \
#       configs/teacher_mvcnn-resnet18_mesh20_modelnet40.py <ckpt> \
#       --split train \
#       --out work_dirs/teacher_mvcnn-resnet18_mesh20_modelnet40/feats.pth
from mmengine.config import read_base

with read_base():
    from ._base_.classifiers.modelnet40 import *
    # Last: Stage III at this scale (its schedule replaces the student's).
    from ._base_.distill.modelnet40 import *

model = dict(distiller, student=model, loss_fe=paper_fe, loss_ce=paper_ce)
