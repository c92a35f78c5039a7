# PointNet++ MSG classifier (the PointCMT paper's student) built from
# mmdet3d's PointNet2SAMSG; the neck runs the final "group all" layer (see
# pointnet2-ssg_cls.py).
model = dict(
    type='PointClassifier',
    data_preprocessor=dict(type='PointClsDataPreprocessor'),
    backbone=dict(
        type='PointNet2SAMSG',
        in_channels=3,
        num_points=(512, 128),
        radii=((0.1, 0.2, 0.4), (0.2, 0.4, 0.8)),
        num_samples=((16, 32, 128), (32, 64, 128)),
        sa_channels=(((32, 32, 64), (64, 64, 128), (64, 96, 128)),
                     ((64, 64, 128), (128, 128, 256), (128, 128, 256))),
        aggregation_channels=(None, None),
        fps_mods=(('D-FPS'), ('D-FPS')),
        fps_sample_range_lists=((-1), (-1)),
        dilated_group=(False, False),
        out_indices=(1, ),
        norm_cfg=dict(type='BN2d'),
        sa_cfg=dict(
            type='PointSAModuleMSG',
            pool_mod='max',
            use_xyz=True,
            normalize_xyz=False)),
    neck=dict(
        type='GlobalPoolNeck',
        in_channels=640,
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
