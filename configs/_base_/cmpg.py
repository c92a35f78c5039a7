# Stage II recipe: a cross-modal point generator (CMPG) learns to turn the
# frozen Stage I teacher's feature (computed online on rendered views) into
# the shape's points, with 30 x EMD (the reference weight), on the teacher's
# un-augmented test pipeline (as the reference's Stage II); checkpoints are
# selected on the lowest EMD of the val split. A cmpg_* config imports its
# teacher, then this file (its evaluators replace the teacher's), applies
# cmpg_pretrain() and deletes it (a function cannot be dumped with a config).
val_evaluator = dict(type='GeneratorEMDMetric')
test_evaluator = dict(type='GeneratorEMDMetric', prefix='test')


def cmpg_pretrain(teacher, train_dataloader, test_pipeline, default_hooks,
                  teacher_ckpt, generator):
    """Stage II of a teacher config.

    Args:
        teacher (dict): The teacher's model config.
        train_dataloader (dict): Its train loader.
        test_pipeline (list[dict]): Its un-augmented pipeline.
        default_hooks (dict): Its hooks.
        teacher_ckpt (str): Its Stage I checkpoint.
        generator (dict): The CMPG config.

    Returns:
        tuple[dict, dict, dict]: The ``CMPGPretrainModel`` config, the train
        loader on ``test_pipeline`` and the hooks.
    """
    model = dict(
        type='CMPGPretrainModel',
        data_preprocessor=teacher['data_preprocessor'],
        teacher=teacher,
        teacher_ckpt=teacher_ckpt,
        teacher_feat_source='online',
        generator=generator,
        loss_emd=dict(
            type='EMDLoss', solver='exact', normalize='unit_box',
            loss_weight=30.0))
    train_dataloader = dict(
        train_dataloader,
        dataset=dict(train_dataloader['dataset'], pipeline=test_pipeline))
    checkpoint = dict(
        default_hooks['checkpoint'], save_best='emd', rule='less')
    return model, train_dataloader, dict(default_hooks, checkpoint=checkpoint)
