# PointNet++ MSG on the embedded synthetic shapes (CPU-sized): the SSG config
# with mmdet3d's PointNet2SAMSG swapped in.
_base_ = ['cls_pointnet2-ssg_synthetic.py']

model = dict(
    backbone=dict(
        _delete_=True,
        type='PointNet2SAMSG',
        in_channels=3,
        num_points=(128, 32),
        radii=((0.2, 0.4), (0.4, 0.8)),
        num_samples=((8, 16), (8, 16)),
        sa_channels=(((16, 32), (32, 64)), ((64, 64), (64, 128))),
        aggregation_channels=(None, 128),
        fps_mods=(('D-FPS'), ('D-FPS')),
        fps_sample_range_lists=((-1), (-1)),
        dilated_group=(False, False),
        out_indices=(1, ),
        norm_cfg=dict(type='BN2d'),
        sa_cfg=dict(
            type='PointSAModuleMSG',
            pool_mod='max',
            use_xyz=True,
            normalize_xyz=False)))
