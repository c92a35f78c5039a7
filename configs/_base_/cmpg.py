# Stage II pieces: the cross-modal point generator (CMPG) learns to turn the
# frozen Stage I teacher's feature (online, on rendered views) into the
# shape's points with 30 x EMD of unit-box point sets (the reference), on the
# teacher's un-augmented pipeline (as the reference's Stage II); checkpoints
# are selected on the lowest EMD of the val split. A cmpg_* config imports
# its teacher's base, then this file, and sets
#   model = dict(cmpg_model, data_preprocessor=model.data_preprocessor,
#                teacher=model, teacher_ckpt=..., generator=dict(type='CMPG'))
#   train_dataloader.dataset.pipeline = test_pipeline
cmpg_model = dict(
    type='CMPGPretrainModel',
    loss_emd=dict(type='EMDLoss', normalize='unit_box', loss_weight=30.0))
emd_checkpoint = dict(
    type='CheckpointHook',
    interval=1,
    max_keep_ckpts=2,
    save_best='emd',
    rule='less')
val_evaluator = dict(type='GeneratorEMDMetric')
test_evaluator = dict(type='GeneratorEMDMetric', prefix='test')
