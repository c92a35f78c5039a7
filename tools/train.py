"""Train a PointCMT model (teacher, CMPG, student or plain classifier).

Example::

    python tools/train.py configs/pointcmt_pointnet2_modelnet40.py
    python tools/train.py CONFIG --resume            # latest ckpt in work_dir
    tools/dist_train.sh CONFIG 2                     # DDP (gloo on CPU)
"""
import argparse
import logging
import os

from mmengine.config import Config, DictAction
from mmengine.logging import print_log
from mmengine.registry import RUNNERS
from mmengine.runner import Runner

from pointcmt.engine import prepare_runner_cfg


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Train a PointCMT model')
    parser.add_argument('config', help='train config file path')
    parser.add_argument('--work-dir', help='the dir to save logs and models')
    parser.add_argument(
        '--amp',
        action='store_true',
        help='enable automatic mixed precision training')
    parser.add_argument(
        '--sync_bn',
        choices=['none', 'torch', 'mmcv'],
        default='none',
        help='convert BatchNorm layers to SyncBatchNorm (distributed runs)')
    parser.add_argument(
        '--auto-scale-lr',
        action='store_true',
        help='scale the lr by total batch size / auto_scale_lr.'
        'base_batch_size')
    parser.add_argument(
        '--resume',
        nargs='?',
        type=str,
        const='auto',
        help='resume from the given checkpoint, or, without a value, from '
        'the latest checkpoint in the work directory')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config settings, key=value (e.g. '
        'train_cfg.max_epochs=10 model.student.backbone.in_channels=6)')
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args()
    if 'LOCAL_RANK' not in os.environ:
        os.environ['LOCAL_RANK'] = str(args.local_rank)
    return args


def main() -> None:
    args = parse_args()
    cfg = Config.fromfile(args.config)
    cfg.launcher = args.launcher
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    if args.amp:
        if cfg.optim_wrapper.get('type', 'OptimWrapper') == 'AmpOptimWrapper':
            print_log('AMP training is already enabled in your config.',
                      logger='current', level=logging.WARNING)
        elif cfg.optim_wrapper.get('type', 'OptimWrapper') != 'OptimWrapper':
            raise ValueError('--amp needs optim_wrapper.type OptimWrapper, '
                             f'got {cfg.optim_wrapper.type}')
        else:
            cfg.optim_wrapper.type = 'AmpOptimWrapper'
            cfg.optim_wrapper.loss_scale = 'dynamic'
    if args.sync_bn != 'none':
        cfg.sync_bn = args.sync_bn
    if args.auto_scale_lr:
        if 'base_batch_size' not in cfg.get('auto_scale_lr', {}):
            raise ValueError('--auto-scale-lr needs auto_scale_lr.'
                             'base_batch_size in the config')
        cfg.auto_scale_lr.enable = True
    if args.resume == 'auto':
        cfg.resume = True
        cfg.load_from = None
    elif args.resume is not None:
        cfg.resume = True
        cfg.load_from = args.resume

    prepare_runner_cfg(cfg, args.config, args.work_dir)
    runner = Runner.from_cfg(cfg) if 'runner_type' not in cfg \
        else RUNNERS.build(cfg)
    runner.train()


if __name__ == '__main__':
    main()
