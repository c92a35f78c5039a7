# DGCNN on the embedded synthetic shapes (CPU-sized): the SSG config with
# mmdet3d's DGCNNBackbone swapped in (k = 16, 32 + 3 x 32 = 128 channels).
_base_ = ['cls_pointnet2-ssg_synthetic.py']

model = dict(
    backbone=dict(
        _delete_=True,
        type='DGCNNBackbone',
        in_channels=3,
        num_samples=(16, 16, 16),
        knn_modes=('D-KNN', 'F-KNN', 'F-KNN'),
        radius=(None, None, None),
        gf_channels=((32, 32), (32, 32), (32, )),
        fa_channels=(32, ),
        act_cfg=dict(type='LeakyReLU', negative_slope=0.2)))
