# PointCMT with a PointNet++ MSG (the paper's student) student: pointcmt_pointnet2_modelnet40.py with the student's
# backbone swapped, nothing else (see the matching cls_* config).
_base_ = ['pointcmt_pointnet2_modelnet40.py']

model = dict(
    student=dict(
        backbone=dict(
            _delete_=True,
            type='PointNet2SAMSG',
            in_channels=3,
            num_points=(512, 128),
            radii=((0.1, 0.2, 0.4), (0.2, 0.4, 0.8)),
            num_samples=((16, 32, 128), (32, 64, 128)),
            sa_channels=(((32, 32, 64), (64, 64, 128), (64, 96, 128)),
                         ((64, 64, 128), (128, 128, 256), (128, 128, 256))),
            aggregation_channels=(None, 256),
            fps_mods=(('D-FPS'), ('D-FPS')),
            fps_sample_range_lists=((-1), (-1)),
            dilated_group=(False, False),
            out_indices=(1, ),
            norm_cfg=dict(type='BN2d'),
            sa_cfg=dict(
                type='PointSAModuleMSG',
                pool_mod='max',
                use_xyz=True,
                normalize_xyz=False))))
