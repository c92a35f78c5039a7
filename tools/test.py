"""Test a trained model, optionally with voting test-time augmentation.

Example::

    python tools/test.py CONFIG CHECKPOINT
    python tools/test.py CONFIG CHECKPOINT --votes 10   # 10 random scalings
    tools/dist_test.sh CONFIG CHECKPOINT 2
"""
import argparse
import json
import os

from mmengine.config import Config, DictAction
from mmengine.registry import RUNNERS
from mmengine.runner import Runner

from pointcmt.engine import apply_voting_cfg, prepare_runner_cfg


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Test a PointCMT model')
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--work-dir', help='the dir to save logs and metrics')
    parser.add_argument(
        '--votes',
        type=int,
        default=0,
        help='voting test: average the logits of N randomly scaled copies '
        '(scale range from --vote-scale); 0 disables voting')
    parser.add_argument(
        '--vote-scale',
        type=float,
        nargs=2,
        default=(0.85, 1.15),
        help='per-axis random scale range of the votes (PointNet++/PointMLP)')
    parser.add_argument(
        '--out-metrics',
        help='also write the returned metrics to this JSON file')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config settings, key=value')
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
    prepare_runner_cfg(cfg, args.config, args.work_dir)
    cfg.load_from = args.checkpoint
    if args.votes:
        apply_voting_cfg(cfg, args.votes, tuple(args.vote_scale))
    runner = Runner.from_cfg(cfg) if 'runner_type' not in cfg \
        else RUNNERS.build(cfg)
    metrics = runner.test()
    if args.out_metrics and runner.rank == 0:
        with open(args.out_metrics, 'w') as f:
            json.dump(metrics, f, indent=1)


if __name__ == '__main__':
    main()
