"""Test a trained model, optionally with voting test-time augmentation.

Example::

    python tools/test.py CONFIG CHECKPOINT
    python tools/test.py CONFIG CHECKPOINT --votes 10   # 10 random scalings
    tools/dist_test.sh CONFIG CHECKPOINT 2
"""
import argparse

from pointcmt.apis import run_test
from pointcmt.apis.cli import (add_cfg_options, add_launcher_args,
                               parse_launched_args)


def build_parser() -> argparse.ArgumentParser:
    """The command line of this tool."""
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
    add_cfg_options(parser)
    add_launcher_args(parser)
    return parser


def parse_args() -> argparse.Namespace:
    return parse_launched_args(build_parser())


def main() -> None:
    args = parse_args()
    run_test(
        args.config,
        args.checkpoint,
        work_dir=args.work_dir,
        cfg_options=args.cfg_options,
        votes=args.votes,
        vote_scale=tuple(args.vote_scale),
        launcher=args.launcher,
        out_metrics=args.out_metrics)


if __name__ == '__main__':
    main()
