# Stage II on the embedded synthetic shapes: train the cross-modal point
# generator (CMPG) to turn the frozen Stage I teacher's feature into the
# shape's first 128 points (a random subset), with 30 x EMD (reference weight). The teacher runs
# online on rendered views; pass its checkpoint with
#   --cfg-options model.teacher_ckpt=work_dirs/<stage I run>/<ckpt>.pth
_base_ = ['teacher_mvcnn-resnet18_synthetic.py']

teacher_ckpt = 'work_dirs/teacher_mvcnn-resnet18_synthetic/teacher.pth'
model = dict(
    _delete_=True,
    type='CMPGPretrainModel',
    data_preprocessor={{_base_.model.data_preprocessor}},
    teacher={{_base_.model}},
    teacher_ckpt=teacher_ckpt,
    teacher_feat_source='online',
    generator=dict(
        type='CMPG', in_channels=128, num_points=128, dropout=0.5),
    loss_emd=dict(
        type='EMDLoss', solver='exact', normalize='unit_box',
        loss_weight=30.0))

# The generator learns un-augmented shapes (as the reference's Stage II).
train_dataloader = dict(dataset=dict(pipeline={{_base_.test_pipeline}}))
val_evaluator = dict(_delete_=True, type='GeneratorEMDMetric')
test_evaluator = dict(_delete_=True, type='GeneratorEMDMetric', prefix='test')
default_hooks = dict(checkpoint=dict(save_best='emd', rule='less'))

max_epochs = 3
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
