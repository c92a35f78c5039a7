# PointCMT with a DGCNN student: pointcmt_pointnet2_synthetic.py with the student's
# backbone swapped, nothing else (see the matching cls_* config).
_base_ = ['pointcmt_pointnet2_synthetic.py']

model = dict(
    student=dict(
        backbone=dict(
            _delete_=True,
            type='DGCNNBackbone',
            in_channels=3,
            num_samples=(16, 16, 16),
            knn_modes=('D-KNN', 'F-KNN', 'F-KNN'),
            radius=(None, None, None),
            gf_channels=((32, 32), (32, 32), (32, )),
            fa_channels=(32, ),
            act_cfg=dict(type='LeakyReLU', negative_slope=0.2))))
