"""Training and test runs: what ``tools/train.py`` and ``tools/test.py``
do, and the train-then-select step of the end-to-end pipeline.

Every run builds an mmengine ``Runner`` from a config file, with
``--cfg-options``-style overrides and the settings of
:func:`pointcmt.engine.prepare_runner_cfg`. Runs can follow each other in
one process: each gets its own visualizer (mmengine would otherwise reuse
the first run's, and send every later run's scalars to its log folder).
"""
import glob
import json
import logging
import os.path as osp
import time
from typing import Dict, Optional, Tuple

from mmengine.config import Config
from mmengine.logging import print_log
from mmengine.registry import RUNNERS
from mmengine.runner import Runner

from pointcmt.engine import apply_voting_cfg, prepare_runner_cfg

SYNC_BN_MODES = ('none', 'torch', 'mmcv')
LAUNCHERS = ('none', 'pytorch', 'slurm', 'mpi')


def load_run_cfg(config: str,
                 cfg_options: Optional[Dict] = None,
                 launcher: str = 'none') -> Config:
    """Read a config, set the launcher and apply the overrides.

    Args:
        config (str): Config file path.
        cfg_options (dict, optional): ``key -> value`` overrides
            (``Config.merge_from_dict``).
        launcher (str): One of :data:`LAUNCHERS`.

    Returns:
        Config: The config, with a visualizer name of its own.
    """
    # Not yapf-formatted: the runner writes ``pretty_text`` into every
    # checkpoint, and formatting a Stage III config took 0.6-2 s a save on
    # 2 cores (most of a 60-epoch run's checkpointing time); mmengine's own
    # layout is still valid, indented Python.
    cfg = Config.fromfile(config, format_python_code=False)
    cfg.launcher = launcher
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    if 'visualizer' in cfg:
        cfg.visualizer.name = f'visualizer_{config}_{time.time()}'
    return cfg


def build_runner(cfg: Config) -> Runner:
    """``Runner.from_cfg``, or the config's ``runner_type`` if it sets one.
    """
    if 'runner_type' in cfg:
        return RUNNERS.build(cfg)
    return Runner.from_cfg(cfg)


def _apply_train_flags(cfg: Config, amp: bool, sync_bn: str,
                       auto_scale_lr: bool, resume: Optional[str]) -> None:
    """The train options of :func:`run_train`, in place."""
    if amp:
        optim_type = cfg.optim_wrapper.get('type', 'OptimWrapper')
        if optim_type == 'AmpOptimWrapper':
            print_log('AMP training is already enabled in your config.',
                      logger='current', level=logging.WARNING)
        elif optim_type != 'OptimWrapper':
            raise ValueError('--amp needs optim_wrapper.type OptimWrapper, '
                             f'got {cfg.optim_wrapper.type}')
        else:
            cfg.optim_wrapper.type = 'AmpOptimWrapper'
            cfg.optim_wrapper.loss_scale = 'dynamic'
    if sync_bn != 'none':
        cfg.sync_bn = sync_bn
    if auto_scale_lr:
        if 'base_batch_size' not in cfg.get('auto_scale_lr', {}):
            raise ValueError('--auto-scale-lr needs auto_scale_lr.'
                             'base_batch_size in the config')
        cfg.auto_scale_lr.enable = True
    if cfg.get('auto_scale_lr', {}).get('enable', False):
        _count_accumulation_in_auto_scale_lr(cfg)
    if resume == 'auto':
        cfg.resume = True
        cfg.load_from = None
    elif resume is not None:
        cfg.resume = True
        cfg.load_from = resume


def _count_accumulation_in_auto_scale_lr(cfg: Config) -> None:
    """Make the lr scaling compare ``auto_scale_lr.base_batch_size`` with
    the effective batch ``batch_size x world size x accumulative_counts``.

    mmengine's ``Runner.scale_lr`` multiplies the lr by ``batch_size x
    world size / base_batch_size`` and ignores gradient accumulation, so
    the base it is given is divided by ``optim_wrapper.accumulative_counts``
    here (in place; a config's ``base_batch_size`` is the effective batch
    its lr was set for).
    """
    counts = cfg.optim_wrapper.get('accumulative_counts', 1)
    if counts == 1:
        return
    base = cfg.auto_scale_lr.base_batch_size
    cfg.auto_scale_lr.base_batch_size = base / counts
    print_log(
        f'auto_scale_lr: base_batch_size {base} is compared with the '
        f'effective batch, batch_size x world size x {counts} '
        f'(accumulative_counts); mmengine, which ignores accumulation, is '
        f'given {base / counts}', logger='current')


def run_train(config: str,
              work_dir: Optional[str] = None,
              cfg_options: Optional[Dict] = None,
              amp: bool = False,
              sync_bn: str = 'none',
              auto_scale_lr: bool = False,
              resume: Optional[str] = None,
              launcher: str = 'none') -> Runner:
    """Train a config.

    Args:
        config (str): Config file path.
        work_dir (str, optional): Default: the config's, else
            ``./work_dirs/<config name>``.
        cfg_options (dict, optional): Overrides.
        amp (bool): Automatic mixed precision (``AmpOptimWrapper``).
        sync_bn (str): ``'none'``, ``'torch'`` or ``'mmcv'`` SyncBN.
        auto_scale_lr (bool): Scale the lr by the effective batch
            (``batch_size x world size x accumulative_counts``) /
            ``auto_scale_lr.base_batch_size``; also when the config
            enables ``auto_scale_lr`` itself.
        resume (str, optional): A checkpoint to resume from, or ``'auto'``
            for the latest one in the work dir.
        launcher (str): One of :data:`LAUNCHERS`.

    Returns:
        Runner: The runner, after training.
    """
    cfg = load_run_cfg(config, cfg_options, launcher)
    _apply_train_flags(cfg, amp, sync_bn, auto_scale_lr, resume)
    prepare_runner_cfg(cfg, config, work_dir)
    runner = build_runner(cfg)
    runner.train()
    return runner


def run_test(config: str,
             checkpoint: str,
             work_dir: Optional[str] = None,
             cfg_options: Optional[Dict] = None,
             votes: int = 0,
             vote_scale: Tuple[float, float] = (0.85, 1.15),
             launcher: str = 'none',
             out_metrics: Optional[str] = None) -> Dict[str, float]:
    """Test a checkpoint, optionally with voting.

    Args:
        config (str): Config file path.
        checkpoint (str): Checkpoint to test.
        work_dir (str, optional): As in :func:`run_train`.
        cfg_options (dict, optional): Overrides.
        votes (int): Voting test over this many randomly scaled copies
            (:func:`pointcmt.engine.apply_voting_cfg`); 0 disables it.
        vote_scale (tuple[float, float]): Per-axis scale range of the votes.
        launcher (str): One of :data:`LAUNCHERS`.
        out_metrics (str, optional): Also write the metrics to this JSON
            file (rank 0).

    Returns:
        dict: The test metrics.
    """
    cfg = load_run_cfg(config, cfg_options, launcher)
    prepare_runner_cfg(cfg, config, work_dir)
    cfg.load_from = checkpoint
    if votes:
        apply_voting_cfg(cfg, votes, tuple(vote_scale))
    runner = build_runner(cfg)
    metrics = runner.test()
    if out_metrics and runner.rank == 0:
        with open(out_metrics, 'w') as f:
            json.dump(metrics, f, indent=1)
    return metrics


def best_checkpoint(work_dir: str) -> str:
    """The ``best_*.pth`` of a work dir, else its last checkpoint.

    Raises:
        FileNotFoundError: The work dir holds neither.
    """
    best = sorted(glob.glob(osp.join(work_dir, 'best_*.pth')))
    if best:
        return best[-1]
    last = osp.join(work_dir, 'last_checkpoint')
    if osp.exists(last):
        with open(last) as f:
            return f.read().strip()
    raise FileNotFoundError(f'no checkpoint in {work_dir}')


def train_and_select(config: str,
                     work_dir: str,
                     cfg_options: Optional[Dict] = None) -> Dict:
    """Train into ``work_dir`` (resuming an interrupted run), then select
    the checkpoint that was best on the validation split.

    Args:
        config (str): Config file path.
        work_dir (str): The run's folder.
        cfg_options (dict, optional): Overrides.

    Returns:
        dict: ``checkpoint`` (the selected one), ``best_val`` (the
        ``best_score*`` entries of the runner's message hub) and
        ``train_wall_s``.
    """
    start = time.time()
    resume = osp.exists(osp.join(work_dir, 'last_checkpoint'))
    runner = run_train(
        config, work_dir, cfg_options, resume='auto' if resume else None)
    best_val = {
        k: v
        for k, v in runner.message_hub.runtime_info.items()
        if k.startswith('best_score')
    }
    return dict(
        checkpoint=best_checkpoint(work_dir),
        best_val=best_val,
        train_wall_s=round(time.time() - start, 1))


__all__ = [
    'LAUNCHERS', 'SYNC_BN_MODES', 'best_checkpoint', 'build_runner',
    'load_run_cfg', 'run_test', 'run_train', 'train_and_select'
]
