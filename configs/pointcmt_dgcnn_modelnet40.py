# PointCMT with a DGCNN student: pointcmt_pointnet2_modelnet40.py with the student's
# backbone swapped, nothing else (see the matching cls_* config).
_base_ = ['pointcmt_pointnet2_modelnet40.py']

model = dict(
    student=dict(
        backbone=dict(
            _delete_=True,
            type='DGCNNBackbone',
            in_channels=3,
            num_samples=(20, 20, 20),
            knn_modes=('D-KNN', 'F-KNN', 'F-KNN'),
            radius=(None, None, None),
            gf_channels=((64, 64), (64, 64), (64, )),
            fa_channels=(64, ),
            act_cfg=dict(type='LeakyReLU', negative_slope=0.2))))
