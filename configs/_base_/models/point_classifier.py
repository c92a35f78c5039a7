# The point classifier of every cls_* config and Stage III student: backbone
# -> GlobalPoolNeck -> PointClsHead. mmdet3d's SA backbones cannot run
# PointNet++'s final "group all" layer, so the neck runs it: shared MLP on
# [xyz, features] of the backbone's points, then max pooling.
#
# Backbone contract: per-point features of 256 channels (128 in the CPU-sized
# model_narrow) with their xyz. Any backbone that meets it (pointnet2_msg.py,
# dgcnn.py, ...) is swapped in by setting model.backbone only. Configs import
# `model` or `model_narrow` by name.
from mmengine.config import read_base

with read_base():
    from .pointnet2_ssg import pointnet2_ssg, pointnet2_ssg_narrow

model = dict(
    type='PointClassifier',
    data_preprocessor=dict(type='PointClsDataPreprocessor'),
    backbone=pointnet2_ssg,
    neck=dict(
        type='GlobalPoolNeck',
        in_channels=256,
        mlp_channels=(256, 512, 1024),
        use_xyz=True,
        pool='max'),
    head=dict(
        type='PointClsHead',
        num_classes=40,
        in_channels=1024,
        hidden_channels=(512, ),
        dropout=0.5,
        label_smoothing=0.2))
model_narrow = dict(
    model,
    backbone=pointnet2_ssg_narrow,
    neck=dict(model['neck'], in_channels=128, mlp_channels=(128, 256)),
    head=dict(model['head'], in_channels=256, hidden_channels=(128, )))
