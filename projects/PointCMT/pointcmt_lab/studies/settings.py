"""Settings several studies declare with: cfg options by name."""
from typing import Dict

from ..recipes import SEARCH_SPACE, VANILLA_OPTIONS

#: The embedded-data Stage III train pipeline of the main job before the
#: augmentation study: the reference's per-axis scale in [2/3, 3/2] and
#: translation (the configs' ``student_augment``; they now translate only).
PER_AXIS_SCALE_PIPELINE = [
    dict(type='SamplePoints', num_points=256, method='random'),
    dict(type='NormalizePointsToUnitSphere'),
    dict(
        type='RandomScaleTranslatePoints',
        scale_range=(2. / 3., 3. / 2.),
        translate_range=(-0.2, 0.2)),
    dict(type='ShufflePoints'),
    dict(type='PackPointClsInputs'),
]
#: The same with translation only (the configs' ``translate_augment``).
TRANSLATE_PIPELINE = [
    dict(step, scale_range=(1., 1.))
    if step['type'] == 'RandomScaleTranslatePoints' else step
    for step in PER_AXIS_SCALE_PIPELINE
]
#: The embedded-data main job's settings when the recipe, hint and
#: augmentation studies ran: per-axis scale and AdamW weight decay 0.05
#: (now translation only and 0.2, selected by the augmentation study).
FORMER_MAIN_JOB: Dict = {
    'train_dataloader.dataset.pipeline': PER_AXIS_SCALE_PIPELINE,
    'optim_wrapper.optimizer.weight_decay': 0.05,
}
#: What the pilots on the main job's teacher, CMPG and features measure.
ON_MAIN_JOB = ('Stage III variants on the teacher, CMPG and feature cache of '
               'work_dirs/run_synthetic; test split of 300 shapes per class; '
               'checkpoints selected on val')
#: Without the per-axis scale.
TRANSLATE_ONLY: Dict = {
    'train_dataloader.dataset.pipeline': TRANSLATE_PIPELINE
}
#: Logit distillation alone (T = 4, weight 1): the configs' recipe when
#: the pilots ran.
KD: Dict = SEARCH_SPACE['pointcmt']['kd']
#: Feature Enhancement alone at weight 3.
FE3: Dict = {
    **VANILLA_OPTIONS, 'model.loss_fe':
    SEARCH_SPACE['pointcmt']['fe3_ce-batchmean']['model.loss_fe']
}


def weight_decay(value: float) -> Dict:
    """AdamW's weight decay."""
    return {'optim_wrapper.optimizer.weight_decay': value}


def epochs(count: int) -> Dict:
    """``count`` training epochs with the configs' cosine decay over them
    (``cosine_lr`` of ``configs/_base_/schedules/adamw_cosine.py``)."""
    return {
        'train_cfg.max_epochs': count,
        'param_scheduler': [
            dict(type='CosineAnnealingLR', T_max=count, eta_min=1e-5,
                 by_epoch=True, begin=0, end=count)
        ]
    }


def hint(weight: float, kd: bool = False) -> Dict:
    """Retired (commit 1eb3dba has it): the feature hint at ``weight``
    through a learned linear adapter, with or without logit distillation.
    Re-running it fails with the distiller's message."""
    return {
        **(KD if kd else VANILLA_OPTIONS),
        'model.use_hint': True,
        'model.adapter': 'linear',
        'model.loss_hint.loss_weight': weight,
    }
