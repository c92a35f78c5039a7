# CPU-scale PointCMT with a DGCNN student: pointcmt_pointnet2_cpu_modelnet40.py
# with the student's backbone and point count of cls_dgcnn_cpu_modelnet40.py
# (old-style configs cannot import them from a non-base file).
_base_ = ['pointcmt_pointnet2_cpu_modelnet40.py']

num_points = 128
model = dict(
    student=dict(
        backbone=dict(
            _delete_=True,
            type='DGCNNBackbone',
            in_channels=3,
            num_samples=(10, 10, 10),
            knn_modes=('D-KNN', 'F-KNN', 'F-KNN'),
            radius=(None, None, None),
            gf_channels=((32, 32), (32, 32), (32, )),
            fa_channels=(32, ),
            act_cfg=dict(type='LeakyReLU', negative_slope=0.2))))

train_pipeline = [
    dict(type='LoadPointsFromShapeFile'),
    dict(type='SamplePoints', num_points=num_points, method='random'),
    dict(type='NormalizePointsToUnitSphere'),
    dict(
        type='LoadTeacherFeature',
        cache_file={{_base_.teacher_feat_file}}),
    dict(
        type='RandomScaleTranslatePoints',
        scale_range=(2. / 3., 3. / 2.),
        translate_range=(-0.2, 0.2)),
    dict(type='ShufflePoints'),
    dict(type='PackPointClsInputs')
]
test_pipeline = [
    dict(type='LoadPointsFromShapeFile'),
    dict(type='SamplePoints', num_points=num_points, method='first'),
    dict(type='NormalizePointsToUnitSphere'),
    dict(type='PackPointClsInputs')
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
