# The paper's protocol: PointCMT with a PointNet++ MSG student on ModelNet40
# (1024 points), Feature Enhancement 30 x EMD on the unit box, Classifier
# Enhancement 0.3 x KL summed at T = 1 with the target not detached, label
# smoothing 0.2, AdamW 1e-3 with weight decay 0.05, cosine over 1000 epochs,
# batch 32: pointcmt_pointnet2_modelnet40.py with the student's backbone
# swapped, as in cls_pointnet2-msg_modelnet40.py.
from mmengine.config import read_base

with read_base():
    from ._base_.models.pointnet2_msg import pointnet2_msg
    from .pointcmt_pointnet2_modelnet40 import *

model.student.backbone = pointnet2_msg
