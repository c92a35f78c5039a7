"""The main job: Stage I, II, then vanilla, PointCMT and logit distillation.

On the embedded synthetic shapes by default (CPU, no download)::

    python tools/run_pointcmt.py                       # 3 seeds
    python tools/run_pointcmt.py --preset modelnet40-cpu   # CPU protocol

The steps, their skipping and resuming, and ``<work-dir>/summary.json``
are described in :mod:`pointcmt_lab.pipeline`; the presets are
:data:`pointcmt_lab.PIPELINE_PRESETS`. Loss-term variants and their
selection on validation are the recipe study's job
(``tools/run_study.py``).
"""
import argparse
import os.path as osp

from pointcmt_lab import PIPELINE_PRESETS, Pipeline
from pointcmt.apis.cli import add_cfg_options

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))


def build_parser() -> argparse.ArgumentParser:
    """The command line of this tool."""
    parser = argparse.ArgumentParser(
        description='PointCMT end to end: teacher, CMPG, then vanilla, '
        'PointCMT and logit-distillation students over several seeds')
    parser.add_argument(
        '--preset', choices=sorted(PIPELINE_PRESETS), default='synthetic')
    parser.add_argument('--work-dir', help='default: work_dirs/run_<preset>')
    parser.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    parser.add_argument(
        '--teacher-config', help='override the preset\'s teacher config')
    parser.add_argument(
        '--cmpg-config', help='override the preset\'s CMPG config')
    parser.add_argument(
        '--students',
        nargs='+',
        help='restrict to these of the preset\'s students (e.g. pointnet2)')
    parser.add_argument(
        '--votes',
        type=int,
        help='votes per voting test (0: none; default: the preset\'s)')
    parser.add_argument(
        '--vote-repeats',
        type=int,
        help='voting tests per run (default: the preset\'s)')
    add_cfg_options(
        parser, 'key=value overrides applied to every stage (train and test)')
    return parser


def parse_args() -> argparse.Namespace:
    return build_parser().parse_args()


def main() -> None:
    args = parse_args()
    Pipeline(
        args.preset,
        work_dir=args.work_dir,
        seeds=args.seeds,
        teacher_config=args.teacher_config,
        cmpg_config=args.cmpg_config,
        students=args.students,
        votes=args.votes,
        vote_repeats=args.vote_repeats,
        cfg_options=args.cfg_options,
        config_root=REPO).run()


if __name__ == '__main__':
    main()
