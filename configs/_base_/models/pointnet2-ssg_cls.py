# PointNet++ SSG classifier (Qi et al. 2017) built from mmdet3d's own
# PointNet2SASSG. mmdet3d's SA backbones cannot run PointNet++'s final
# "group all" layer, so the neck runs it: shared MLP on [xyz, features] of
# the last 128 points, then max pooling.
#
# Backbone contract of every classifier config: per-point features of 256
# channels (128 in the CPU-sized configs) with their xyz. Any backbone that
# meets it (PointNet2SAMSG with aggregation_channels, DGCNNBackbone with
# fa_channels, ...) is swapped in by overriding model.backbone only.
model = dict(
    type='PointClassifier',
    data_preprocessor=dict(type='PointClsDataPreprocessor'),
    backbone=dict(
        type='PointNet2SASSG',
        in_channels=3,
        num_points=(512, 128),
        radius=(0.2, 0.4),
        num_samples=(32, 64),
        sa_channels=((64, 64, 128), (128, 128, 256)),
        fp_channels=(),
        norm_cfg=dict(type='BN2d'),
        sa_cfg=dict(
            type='PointSAModule',
            pool_mod='max',
            use_xyz=True,
            normalize_xyz=False)),
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
