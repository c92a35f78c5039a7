# Stage III on the embedded synthetic shapes: PointNet++ SSG student (the
# CPU-sized one of cls_pointnet2-ssg_synthetic.py) trained with
#   loss_cls (CE, label smoothing 0.2)
#   + loss_fe = 30 * EMD(CMPG(student feat), CMPG(teacher feat))
#   + loss_ce = 0.3 * KL(student logits || student fc(teacher feat))
# Teacher features are read from a cache written by
# tools/extract_teacher_features.py on the un-augmented train split (as the
# reference does). The vanilla baseline is this config with
#   --cfg-options model.use_fe=False model.use_ce=False
_base_ = ['cls_pointnet2-ssg_synthetic.py']

teacher_ckpt = 'work_dirs/teacher_mvcnn-resnet18_synthetic/teacher.pth'
cmpg_ckpt = 'work_dirs/cmpg_synthetic/cmpg.pth'
teacher_feat_file = 'work_dirs/teacher_mvcnn-resnet18_synthetic/feats_train.pth'

model = dict(
    _delete_=True,
    type='CrossModalDistiller',
    student={{_base_.model}},
    teacher_feat_source='cached',
    generator=dict(type='CMPG', in_channels=128, num_points=256),
    generator_ckpt=cmpg_ckpt,
    loss_fe=dict(
        type='EMDLoss',
        solver='exact',
        normalize='unit_box',
        grad_to='pred',
        loss_weight=30.0),
    loss_ce=dict(
        type='LogitKLLoss',
        temperature=1.0,
        reduction='sum',
        detach_target=False,
        loss_weight=0.3),
    use_fe=True,
    use_ce=True,
    adapter='auto')

train_pipeline = [
    dict(type='SamplePoints', num_points=256, method='random'),
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
