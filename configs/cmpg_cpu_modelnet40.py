# CPU-scale Stage II on ModelNet40: CMPG 128 -> 128 x 3 on the frozen
# CPU-scale teacher, 3 epochs.
_base_ = ['teacher_mvcnn-resnet18_cpu_modelnet40.py']

model = dict(
    _delete_=True,
    type='CMPGPretrainModel',
    data_preprocessor={{_base_.model.data_preprocessor}},
    teacher={{_base_.model}},
    teacher_ckpt='work_dirs/teacher_mvcnn-resnet18_cpu_modelnet40/teacher.pth',
    teacher_feat_source='online',
    generator=dict(type='CMPG', in_channels=128, num_points=128),
    loss_emd=dict(
        type='EMDLoss', solver='exact', normalize='unit_box',
        loss_weight=30.0))

train_dataloader = dict(dataset=dict(pipeline={{_base_.test_pipeline}}))
max_epochs = 3
train_cfg = dict(max_epochs=max_epochs)
val_evaluator = dict(_delete_=True, type='GeneratorEMDMetric')
test_evaluator = dict(_delete_=True, type='GeneratorEMDMetric', prefix='test')
default_hooks = dict(checkpoint=dict(save_best='emd', rule='less'))
