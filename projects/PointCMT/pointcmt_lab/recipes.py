"""cfg options on a Stage III (``CrossModalDistiller``) config.

The recipes (the vanilla switches, the official settings and the study's
search space) and :func:`stage3_cfg_options`, which points a Stage III
config at a run's teacher and CMPG checkpoints and teacher-feature cache.
"""
from typing import Dict, Optional, Union

from mmengine.config import Config

from pointcmt.models.distillers import REFERENCE_LOSS_CE, REFERENCE_LOSS_FE

_KL_BATCHMEAN = dict(
    type='LogitKLLoss', temperature=1.0, reduction='batchmean')
#: cfg options that switch every cross-modal term off: the vanilla baseline
#: on the same config and code path.
VANILLA_OPTIONS: Dict = {
    'model.use_fe': False,
    'model.use_ce': False,
    'model.use_kd': False,
    'model.use_hint': False,
    'model.teacher_cls_weight': 0.0,
}
#: The learning rate of the official code and of the configs the study's
#: first runs used; candidates that keep it say so, so that they mean the
#: same runs whatever a config's default becomes.
_OFFICIAL_LR = {'optim_wrapper.optimizer.lr': 1e-3}
#: The official code's settings, as cfg options on any Stage III config:
#: 30 x unit-box EMD into the student only, 0.3 x KL summed over the batch
#: with T = 1 and the target not detached, nothing else; AdamW at lr 1e-3.
REFERENCE_RECIPE: Dict = {
    **VANILLA_OPTIONS,
    **_OFFICIAL_LR,
    'model.use_fe': True,
    'model.loss_fe': REFERENCE_LOSS_FE,
    'model.use_ce': True,
    'model.loss_ce': REFERENCE_LOSS_CE,
    'model.warmup_iters': 0,
    'model.teacher_feat_norm': None,
}
_FE3_CE = {
    'model.use_fe': True,
    'model.loss_fe': dict(REFERENCE_LOSS_FE, loss_weight=3.0),
    'model.use_ce': True,
    'model.loss_ce': dict(_KL_BATCHMEAN, loss_weight=0.3,
                          detach_target=False),
}
_KD = {'model.use_kd': True}

#: Candidates of the search phase: ``family -> name -> cfg options`` on top
#: of the student's Stage III config (PointCMT's also on top of the selected
#: vanilla candidate's). Every candidate sets all switches, so none depends
#: on the config's defaults. Vanilla tunes what a careful baseline tunes
#: (learning rate, weight decay, label smoothing) with the same number of
#: runs as PointCMT.
SEARCH_SPACE: Dict[str, Dict[str, Dict]] = {
    'vanilla': {
        'base': {
            **VANILLA_OPTIONS,
            **_OFFICIAL_LR
        },
        'lr_2e-3': {
            **VANILLA_OPTIONS, 'optim_wrapper.optimizer.lr': 2e-3
        },
        'wd_0.1': {
            **VANILLA_OPTIONS,
            **_OFFICIAL_LR, 'optim_wrapper.optimizer.weight_decay': 0.1
        },
        'label_smoothing_0.1': {
            **VANILLA_OPTIONS,
            **_OFFICIAL_LR, 'model.student.head.label_smoothing': 0.1
        },
        'lr_5e-4': {
            **VANILLA_OPTIONS, 'optim_wrapper.optimizer.lr': 5e-4
        },
    },
    'pointcmt': {
        # FE at 3, KL averaged over the batch (the starting point)
        'fe3_ce-batchmean': {
            **VANILLA_OPTIONS,
            **_FE3_CE
        },
        # the same plus classic logit distillation from the teacher
        'fe3_ce-batchmean_kd': {
            **VANILLA_OPTIONS,
            **_FE3_CE,
            **_KD
        },
        # logit distillation alone (not PointCMT: the control for it)
        'kd': {
            **VANILLA_OPTIONS,
            **_KD
        },
        # a classifier first fit to teacher features, detached KL target
        'fe3_ce-detached_teacher-cls': {
            **VANILLA_OPTIONS,
            **_FE3_CE, 'model.loss_ce':
            dict(_KL_BATCHMEAN, loss_weight=0.3, detach_target=True),
            'model.teacher_cls_weight': 0.3
        },
        # all terms with a one-epoch warm-up and matched feature norms
        'fe3_ce-batchmean_kd_warmup_norm': {
            **VANILLA_OPTIONS,
            **_FE3_CE,
            **_KD, 'model.warmup_iters': 276,
            'model.teacher_feat_norm': 'match_student'
        },
    },
}


def first_candidates(k: int,
                     space: Dict[str, Dict[str, Dict]] = SEARCH_SPACE
                     ) -> Dict[str, Dict[str, Dict]]:
    """The first ``k`` candidates of each family (a smaller, equal budget).
    """
    if k < 1:
        raise ValueError(f'first_candidates: k must be >= 1, got {k}')
    return {
        family: dict(list(cands.items())[:k])
        for family, cands in space.items()
    }


def stage3_cfg_options(config: Union[str, Config],
                       generator_ckpt: str,
                       cache_file: str,
                       teacher_ckpt: Optional[str] = None) -> Dict[str, str]:
    """cfg options wiring a Stage III config to its teacher and CMPG
    checkpoints and its feature cache.

    The train pipeline's ``LoadTeacherFeature`` is found by type, so the
    options hold its list index (``train_dataloader.dataset.pipeline.<i>``).

    Args:
        config (str | Config): The Stage III config or its path.
        generator_ckpt (str): Stage II checkpoint (``model.generator_ckpt``).
        cache_file (str): Teacher-feature cache of the train split.
        teacher_ckpt (str, optional): The Stage I checkpoint: the teacher's
            (``model.teacher_ckpt``, for ``loss_kd``) and the one the cache
            must come from (checked by ``LoadTeacherFeature`` through its
            sha256).

    Returns:
        dict: ``key -> value`` for ``Config.merge_from_dict`` (or
        ``--cfg-options``).

    Raises:
        ValueError: The train pipeline has no ``LoadTeacherFeature``.
    """
    cfg = config if isinstance(config, Config) else Config.fromfile(config)
    for index, transform in enumerate(cfg.train_dataloader.dataset.pipeline):
        if transform['type'] == 'LoadTeacherFeature':
            key = f'train_dataloader.dataset.pipeline.{index}'
            options = {
                'model.generator_ckpt': generator_ckpt,
                f'{key}.cache_file': cache_file
            }
            if teacher_ckpt is not None:
                options['model.teacher_ckpt'] = teacher_ckpt
                options[f'{key}.teacher_ckpt'] = teacher_ckpt
            return options
    name = config if isinstance(config, str) else cfg.filename
    raise ValueError(f'{name}: the train pipeline has no LoadTeacherFeature '
                     'transform')


__all__ = [
    'VANILLA_OPTIONS', 'REFERENCE_RECIPE', 'SEARCH_SPACE', 'first_candidates',
    'stage3_cfg_options'
]
