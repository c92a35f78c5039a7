# Stage II on ModelNet40, full scale: CMPG (dropout + linear 512 -> 1024 x 3)
# trained with 30 x EMD against the real 1024 points, frozen teacher online.
#   --cfg-options model.teacher_ckpt=<Stage I checkpoint>
_base_ = ['teacher_mvcnn-resnet18_modelnet40.py']

model = dict(
    _delete_=True,
    type='CMPGPretrainModel',
    data_preprocessor={{_base_.model.data_preprocessor}},
    teacher={{_base_.model}},
    teacher_ckpt='work_dirs/teacher_mvcnn-resnet18_modelnet40/teacher.pth',
    teacher_feat_source='online',
    generator=dict(type='CMPG', in_channels=512, num_points=1024),
    loss_emd=dict(
        type='EMDLoss', solver='exact', normalize='unit_box',
        loss_weight=30.0))

train_dataloader = dict(dataset=dict(pipeline={{_base_.test_pipeline}}))
optim_wrapper = dict(accumulative_counts=1)
val_evaluator = dict(_delete_=True, type='GeneratorEMDMetric')
test_evaluator = dict(_delete_=True, type='GeneratorEMDMetric', prefix='test')
default_hooks = dict(checkpoint=dict(save_best='emd', rule='less'))
