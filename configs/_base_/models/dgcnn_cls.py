# DGCNN classifier (Wang et al. 2019) built from mmdet3d's DGCNNBackbone.
# Its FA module returns (B, N, 1024 + 64 * 3) per-point features; the neck
# concatenates max and average pooling as DGCNN's classifier does.
model = dict(
    type='PointClassifier',
    data_preprocessor=dict(type='PointClsDataPreprocessor'),
    backbone=dict(
        type='DGCNNBackbone',
        in_channels=3,
        num_samples=(20, 20, 20),
        knn_modes=('D-KNN', 'F-KNN', 'F-KNN'),
        radius=(None, None, None),
        gf_channels=((64, 64), (64, 64), (64, )),
        fa_channels=(1024, ),
        act_cfg=dict(type='LeakyReLU', negative_slope=0.2)),
    neck=dict(type='GlobalPoolNeck', pool='max_avg'),
    head=dict(
        type='PointClsHead',
        num_classes=40,
        in_channels=2 * (1024 + 64 * 3),
        hidden_channels=(512, ),
        dropout=0.5,
        label_smoothing=0.2))
