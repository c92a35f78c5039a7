# DGCNN on ModelNet40, full scale: the SSG config with mmdet3d's
# DGCNNBackbone swapped in (k = 20). Its FA output, 64 global + 3 x 64 edge
# channels per point, feeds the same neck (shared MLP to 1024, max pool).
_base_ = ['cls_pointnet2-ssg_modelnet40.py']

model = dict(
    backbone=dict(
        _delete_=True,
        type='DGCNNBackbone',
        in_channels=3,
        num_samples=(20, 20, 20),
        knn_modes=('D-KNN', 'F-KNN', 'F-KNN'),
        radius=(None, None, None),
        gf_channels=((64, 64), (64, 64), (64, )),
        fa_channels=(64, ),
        act_cfg=dict(type='LeakyReLU', negative_slope=0.2)))
