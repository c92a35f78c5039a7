# Stage III on ModelNet40, full scale: PointNet++ SSG student (1024 points)
# with PointCMT's losses and the reference schedule (AdamW lr 1e-3, weight
# decay 0.05, cosine over 1000 epochs, batch 32). Teacher features come from
#   tools/extract_teacher_features.py <teacher cfg> <ckpt> --split train \
#       --out work_dirs/teacher_mvcnn-resnet18_modelnet40/feats_train.pth
# Vanilla baseline: --cfg-options model.use_fe=False model.use_ce=False
# Other students inherit this file and override model.student.backbone.
_base_ = ['cls_pointnet2-ssg_modelnet40.py']

teacher_feat_file = 'work_dirs/teacher_mvcnn-resnet18_modelnet40/feats_train.pth'
model = dict(
    _delete_=True,
    type='CrossModalDistiller',
    student={{_base_.model}},
    teacher_feat_source='cached',
    generator=dict(type='CMPG', in_channels=512, num_points=1024),
    generator_ckpt='work_dirs/cmpg_modelnet40/cmpg.pth',
    # loss_fe / loss_ce: the distiller's defaults, the reference semantics
    # (30 x unit-box EMD into the student only; 0.3 x KL, sum, T=1, target
    # not detached).
    adapter='auto')

train_pipeline = [
    dict(type='LoadPointsFromShapeFile'),
    dict(type='SamplePoints', num_points=1024, method='random'),
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

max_epochs = 1000
param_scheduler = [
    dict(
        type='CosineAnnealingLR',
        T_max=max_epochs,
        eta_min=1e-5,
        by_epoch=True,
        begin=0,
        end=max_epochs)
]
train_cfg = dict(max_epochs=max_epochs)
