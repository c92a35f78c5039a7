"""Settings that ``tools/train.py`` and ``tools/test.py`` apply alike."""
import logging
import os.path as osp
from typing import Iterable

import torch
from mmengine.config import Config
from mmengine.logging import print_log

_METRICS_WITH_OUT_DIR = ('PointClsAccuracy', )


def _evaluators(cfg: Config) -> Iterable[dict]:
    for key in ('val_evaluator', 'test_evaluator'):
        value = cfg.get(key)
        if value is None:
            continue
        for item in value if isinstance(value, (list, tuple)) else [value]:
            if isinstance(item, dict):
                yield item


def prepare_runner_cfg(cfg: Config, config_path: str,
                       work_dir: str = None) -> Config:
    """Fill in what a run needs before ``Runner.from_cfg``.

    - ``work_dir``: the given one, the config's, or
      ``./work_dirs/<config name>``;
    - evaluators that save files (the confusion matrix) write to
      ``work_dir`` unless the config says otherwise;
    - the distributed backend falls back from NCCL to gloo when CUDA is
      unavailable, so ``dist_train.sh`` also runs on CPU.

    Args:
        cfg (Config): Loaded config (modified in place).
        config_path (str): Path of the config file.
        work_dir (str, optional): ``--work-dir`` from the command line.

    Returns:
        Config: ``cfg``.
    """
    if work_dir is not None:
        cfg.work_dir = work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(config_path))[0])
    for evaluator in _evaluators(cfg):
        if evaluator.get('type') in _METRICS_WITH_OUT_DIR and \
                evaluator.get('out_dir') is None:
            evaluator['out_dir'] = cfg.work_dir
    dist_cfg = cfg.setdefault('env_cfg', {}).setdefault('dist_cfg', {})
    if dist_cfg.get('backend', 'nccl') == 'nccl' and \
            not torch.cuda.is_available():
        if cfg.get('launcher', 'none') != 'none':
            print_log('CUDA is not available: using the gloo backend',
                      logger='current', level=logging.WARNING)
        dist_cfg['backend'] = 'gloo'
    return cfg


__all__ = ['prepare_runner_cfg']
