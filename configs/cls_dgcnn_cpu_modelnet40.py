# CPU-scale DGCNN on ModelNet40, the second student of the CPU-scale
# protocol: cls_pointnet2-ssg_cpu_modelnet40.py with mmdet3d's DGCNNBackbone
# swapped in, narrowed (32-channel EdgeConvs, k = 10; FA output 32 global +
# 3 x 32 edge channels = 128 per point, the CPU-sized backbone contract) and
# on 128 points: its EdgeConvs on N x k neighbourhoods cost 4x the SSG step at
# 256 points.
_base_ = ['cls_pointnet2-ssg_cpu_modelnet40.py']

num_points = 128
model = dict(
    backbone=dict(
        _delete_=True,
        type='DGCNNBackbone',
        in_channels=3,
        num_samples=(10, 10, 10),
        knn_modes=('D-KNN', 'F-KNN', 'F-KNN'),
        radius=(None, None, None),
        gf_channels=((32, 32), (32, 32), (32, )),
        fa_channels=(32, ),
        act_cfg=dict(type='LeakyReLU', negative_slope=0.2)))

train_pipeline = [
    dict(type='LoadPointsFromShapeFile'),
    dict(type='SamplePoints', num_points=num_points, method='random'),
    dict(type='NormalizePointsToUnitSphere'),
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
