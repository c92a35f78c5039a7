# The full-scale ScanObjectNN classifier (cls_pointnet2-ssg_scanobjectnn.py)
# on PointMLP's published ScanObjectNN protocol (ma-xu/pointMLP-pytorch
# @1ab7f04, classification_ScanObjectNN/main.py): batch 32, last incomplete
# batch dropped (l. 33, 121), 200 epochs (l. 36), SGD lr 0.01 (l. 38),
# momentum 0.9 (l. 125), weight decay 1e-4 (l. 39), cosine to lr / 100
# (l. 128); cross-entropy with label smoothing 0.2 (utils/misc.py l. 218-231,
# cal_loss; its smoothing spreads 0.2 over the other classes, the head's over
# all 15) and the data of datasets/scanobjectnn.py. Other backbones set
# model.backbone.
from mmengine.config import read_base

with read_base():
    from .modelnet40 import *
    # Last: ScanObjectNN's loaders replace ModelNet40's.
    from ..datasets.scanobjectnn import *

model.head.num_classes = 15
optim_wrapper.optimizer = dict(
    type='SGD', lr=0.01, momentum=0.9, weight_decay=1e-4)
param_scheduler = [dict(cosine_lr, eta_min=1e-4)]
