"""A student that converges: 30 labelled shapes per class, 60 epochs; the
vanilla student's own search against logit distillation and the feature
hint (docs/studies/converged.md). The hint variants are retired (commit
1eb3dba)."""
from ..declarations import Pilot, Variant
from ..recipes import VANILLA_OPTIONS
from .settings import FORMER_MAIN_JOB, KD, epochs, hint, weight_decay

_LOW_DATA = {'train_dataloader.dataset.num_samples_per_class': 30}

STUDY = Pilot(
    preset='synthetic',
    what=('Stage III variants on the teacher, CMPG and feature cache of '
          'work_dirs/pilot_lowdata; test split of 300 shapes per class; '
          'checkpoints selected on val'),
    commit='1eb3dba',
    # Stage I, II and the feature cache of the 30-per-class main job
    stage_options={**_LOW_DATA, **epochs(24)},
    cfg_options={**_LOW_DATA, **epochs(60)},
    pinned=FORMER_MAIN_JOB,
    variants={
        'vanilla': Variant(VANILLA_OPTIONS),
        'kd': Variant(KD, on='vanilla'),
        'hint10': Variant(hint(10.0), on='vanilla'),
        'hint30': Variant(hint(30.0), on='vanilla'),
        'vanilla_wd0.2': Variant({**VANILLA_OPTIONS, **weight_decay(0.2)}),
        'vanilla_lr1e-3': Variant({
            **VANILLA_OPTIONS, 'optim_wrapper.optimizer.lr': 1e-3
        }),
        'vanilla_wd0.5': Variant({**VANILLA_OPTIONS, **weight_decay(0.5)}),
        'hint10_wd0.2': Variant(hint(10.0), on='vanilla_wd0.2'),
        'hint30_wd0.2': Variant(hint(30.0), on='vanilla_wd0.2'),
        'kd_wd0.2': Variant(KD, on='vanilla_wd0.2'),
        'kd_hint10_wd0.2': Variant(hint(10.0, kd=True), on='vanilla_wd0.2'),
        'hint10_wd0.5': Variant(hint(10.0), on='vanilla_wd0.5'),
        'kd_wd0.5': Variant(KD, on='vanilla_wd0.5'),
        'hint30_wd0.5': Variant(hint(30.0), on='vanilla_wd0.5'),
    })
