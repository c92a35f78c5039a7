"""Studies kept as records: their results stay committed under
docs/studies/<name>/, the command that made them runs at the named commit
(they used code since removed: a transform registered by a script, the
online teacher, re-tests of work dirs; or they are main-job runs with a
tool's options)."""
from ..declarations import Record

_MAIN_JOB_WITH = ('python tools/run_pointcmt.py --work-dir {} --cfg-options '
                  '{}')

RECORDS = {
    'clean-cmpg':
    Record(
        what=('Feature Enhancement alone at weights 3 and 10 with a CMPG '
              'trained on the clean, complete surface'),
        commit='1eb3dba',
        command='python docs/results/synthetic_clean-cmpg/run_pilot.py'),
    'consistent':
    Record(
        what=('Logit distillation from a teacher run online on views of '
              'the augmented mesh, and from a teacher trained with the '
              'augmentation'),
        commit='1eb3dba',
        command='python docs/results/synthetic_consistent/run_study.py'),
    'test-noise':
    Record(
        what=('How much of a PointCMT - vanilla difference on 390 test '
              'shapes is test sampling: the same checkpoints re-tested on '
              '3,900'),
        commit='1eb3dba',
        command=('python docs/results/synthetic_test-noise/retest.py retest '
                 'RESULT.json 300 work_dirs/<run>/pointnet2_*_seed*; '
                 'python docs/results/synthetic_test-noise/retest.py '
                 'summarise docs/results/synthetic_test-noise/'
                 'retest_300.json')),
    '14-epochs':
    Record(
        what='The main job trained 14 epochs instead of 8',
        commit='1eb3dba',
        command=_MAIN_JOB_WITH.format(
            'work_dirs/run_synthetic_14ep',
            'train_cfg.max_epochs=14 param_scheduler.0.T_max=14 '
            'param_scheduler.0.end=14 (+ the options of each row)')),
    '30-per-class':
    Record(
        what='The main job with 30 training shapes per class, 24 epochs',
        commit='1eb3dba',
        command=_MAIN_JOB_WITH.format(
            'work_dirs/run_synthetic_30 --seeds 0 1 2 3 4',
            'train_dataloader.dataset.num_samples_per_class=30 '
            'train_cfg.max_epochs=24 param_scheduler.0.T_max=24 '
            'param_scheduler.0.end=24')),
    'wide-student':
    Record(
        what='The main job with a student of twice the channels',
        commit='1eb3dba',
        command=_MAIN_JOB_WITH.format(
            'work_dirs/run_synthetic_wide',
            '"model.student.backbone.sa_channels=((64,64,128),'
            '(128,128,256))" model.student.neck.in_channels=256 '
            '"model.student.neck.mlp_channels=(256,512)" '
            'model.student.head.in_channels=512 '
            '"model.student.head.hidden_channels=(256,)"')),
}
