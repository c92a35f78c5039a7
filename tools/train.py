"""Train a PointCMT model (teacher, CMPG, student or plain classifier).

Example::

    python tools/train.py configs/pointcmt_pointnet2_modelnet40.py
    python tools/train.py CONFIG --resume            # latest ckpt in work_dir
    tools/dist_train.sh CONFIG 2                     # DDP (gloo on CPU)
"""
import argparse

from pointcmt.apis import SYNC_BN_MODES, run_train
from pointcmt.apis.cli import (add_cfg_options, add_launcher_args,
                               parse_launched_args)


def build_parser() -> argparse.ArgumentParser:
    """The command line of this tool."""
    parser = argparse.ArgumentParser(description='Train a PointCMT model')
    parser.add_argument('config', help='train config file path')
    parser.add_argument('--work-dir', help='the dir to save logs and models')
    parser.add_argument(
        '--amp',
        action='store_true',
        help='enable automatic mixed precision training')
    parser.add_argument(
        '--sync_bn',
        choices=SYNC_BN_MODES,
        default='none',
        help='convert BatchNorm layers to SyncBatchNorm (distributed runs)')
    parser.add_argument(
        '--auto-scale-lr',
        action='store_true',
        help='scale the lr by the effective batch (batch_size x GPUs x '
        'accumulative_counts) / auto_scale_lr.base_batch_size')
    parser.add_argument(
        '--resume',
        nargs='?',
        type=str,
        const='auto',
        help='resume from the given checkpoint, or, without a value, from '
        'the latest checkpoint in the work directory')
    add_cfg_options(
        parser, 'override config settings, key=value (e.g. '
        'train_cfg.max_epochs=10 model.student.backbone.in_channels=6)')
    add_launcher_args(parser)
    return parser


def parse_args() -> argparse.Namespace:
    return parse_launched_args(build_parser())


def main() -> None:
    args = parse_args()
    run_train(
        args.config,
        work_dir=args.work_dir,
        cfg_options=args.cfg_options,
        amp=args.amp,
        sync_bn=args.sync_bn,
        auto_scale_lr=args.auto_scale_lr,
        resume=args.resume,
        launcher=args.launcher)


if __name__ == '__main__':
    main()
