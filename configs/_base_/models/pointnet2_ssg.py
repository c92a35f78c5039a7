# PointNet++ SSG backbones (Qi et al. 2017): mmdet3d's PointNet2SASSG with two
# set-abstraction layers (the classifier's neck runs PointNet++'s final
# "group all" layer, see point_classifier.py). Configs import a variant by
# name.

# Full width: 256-d features on 512 and 128 centres of 1024 points.
pointnet2_ssg = dict(
    type='PointNet2SASSG',
    in_channels=3,
    num_points=(512, 128),
    radius=(0.2, 0.4),
    num_samples=(32, 64),
    sa_channels=((64, 64, 128), (128, 128, 256)),
    fp_channels=(),
    norm_cfg=dict(type='BN2d'),
    sa_cfg=dict(type='PointSAModule', pool_mod='max', use_xyz=True,
                normalize_xyz=False))
# CPU-sized: 128-d features on 64 and 16 centres, a quarter and a sixteenth
# of 256 points (the embedded-data classifiers, on 512 points, use 128, 32).
pointnet2_ssg_narrow = dict(
    pointnet2_ssg, num_points=(64, 16), radius=(0.3, 0.6),
    num_samples=(16, 16), sa_channels=((32, 32, 64), (64, 64, 128)))
