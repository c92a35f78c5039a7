"""Settings that ``tools/train.py`` and ``tools/test.py`` apply alike."""
import datetime
import logging
import os.path as osp
from typing import Iterable

import torch
import torch.distributed as torch_dist
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
    - without CUDA, distributed runs use gloo on CPU: mmengine 0.10's own
      set-up calls ``torch.cuda.set_device`` and wraps the model with
      ``device_ids=[LOCAL_RANK]``, both of which fail on CPU, so the process
      group is initialised here (``--launcher pytorch``, i.e.
      ``tools/dist_train.sh``) and DDP is built with ``device_ids=None``.

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
    launcher = cfg.get('launcher', 'none')
    if launcher != 'none' and not torch.cuda.is_available():
        _setup_cpu_distributed(cfg, launcher)
    return cfg


def _setup_cpu_distributed(cfg: Config, launcher: str) -> None:
    """Initialise gloo and a CPU DDP wrapper (see prepare_runner_cfg)."""
    if launcher != 'pytorch':
        raise ValueError(f'--launcher {launcher} needs CUDA; distributed CPU '
                         'runs use --launcher pytorch (tools/dist_train.sh)')
    if cfg.get('sync_bn'):
        raise ValueError('--sync_bn needs GPUs: torch SyncBatchNorm does not '
                         'run on CPU modules')
    print_log('CUDA is not available: distributed run on CPU with gloo',
              logger='current', level=logging.WARNING)
    dist_cfg = cfg.setdefault('env_cfg', {}).setdefault('dist_cfg', {})
    dist_cfg['backend'] = 'gloo'
    wrapper = cfg.get('model_wrapper_cfg') or dict(
        type='MMDistributedDataParallel', broadcast_buffers=False)
    wrapper['device_ids'] = None
    cfg.model_wrapper_cfg = wrapper
    if not torch_dist.is_initialized():
        kwargs = {k: v for k, v in dist_cfg.items() if k != 'backend'}
        if 'timeout' in kwargs:
            kwargs['timeout'] = datetime.timedelta(seconds=kwargs['timeout'])
        torch_dist.init_process_group(backend='gloo', **kwargs)


__all__ = ['prepare_runner_cfg']
