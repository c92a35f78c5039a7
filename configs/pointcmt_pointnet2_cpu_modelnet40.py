# CPU-scale Stage III on ModelNet40: the student and schedule of
# cls_pointnet2-ssg_cpu_modelnet40.py with PointCMT's losses (CMPG 128 ->
# 128 x 3). Vanilla: --cfg-options model.use_fe=False model.use_ce=False
_base_ = ['cls_pointnet2-ssg_cpu_modelnet40.py']

teacher_feat_file = (
    'work_dirs/teacher_mvcnn-resnet18_cpu_modelnet40/feats_train.pth')
model = dict(
    _delete_=True,
    type='CrossModalDistiller',
    student={{_base_.model}},
    teacher_feat_source='cached',
    generator=dict(type='CMPG', in_channels=128, num_points=128),
    generator_ckpt='work_dirs/cmpg_cpu_modelnet40/cmpg.pth',
    # loss_fe / loss_ce: the distiller's defaults, the reference semantics
    # (30 x unit-box EMD into the student only; 0.3 x KL, sum, T=1, target
    # not detached).
    adapter='auto')

train_pipeline = [
    dict(type='LoadPointsFromShapeFile'),
    dict(type='SamplePoints', num_points={{_base_.num_points}},
         method='random'),
    dict(type='NormalizePointsToUnitSphere'),
    dict(type='LoadTeacherFeature', cache_file=teacher_feat_file),
    dict(
        type='RandomScaleTranslatePoints',
        scale_range=(2. / 3., 3. / 2.),
        translate_range=(-0.2, 0.2)),
    dict(type='ShufflePoints'),
    dict(type='PackPointClsInputs')
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
