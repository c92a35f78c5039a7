# PointNet (shared MLP + max pool), our grouping-free backbone.
model = dict(
    type='PointClassifier',
    data_preprocessor=dict(type='PointClsDataPreprocessor'),
    backbone=dict(
        type='PointNetBackbone',
        in_channels=3,
        channels=(64, 64, 128, 1024)),
    neck=dict(type='GlobalPoolNeck', pool='max'),
    head=dict(
        type='PointClsHead',
        num_classes=40,
        in_channels=1024,
        hidden_channels=(512, ),
        dropout=0.5,
        label_smoothing=0.2))
