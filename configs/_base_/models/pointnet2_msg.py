# PointNet++ MSG backbones (the PointCMT paper's student): mmdet3d's
# PointNet2SAMSG, whose aggregation layer maps the scales to the channels the
# classifier's neck expects. Configs import a variant by name.

# Full width: 3 scales (640 channels) aggregated to 256.
pointnet2_msg = dict(
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
    sa_cfg=dict(type='PointSAModuleMSG', pool_mod='max', use_xyz=True,
                normalize_xyz=False))
# CPU-sized: 2 scales on 128 and 32 centres, aggregated to 128.
pointnet2_msg_narrow = dict(
    pointnet2_msg, num_points=(128, 32), radii=((0.2, 0.4), (0.4, 0.8)),
    num_samples=((8, 16), (8, 16)),
    sa_channels=(((16, 32), (32, 64)), ((64, 64), (64, 128))),
    aggregation_channels=(None, 128))
