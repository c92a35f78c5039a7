"""The recipe study (README, "Results"): search on val, report over seeds.

Trains the preset's teacher, CMPG and feature cache (skipped when done, as
in ``tools/run_pointcmt.py``), then the two phases of
:class:`pointcmt_lab.RecipeStudy` (:func:`pointcmt_lab.run_study`).
Every finished run is written to ``--results-dir`` (commit it); a run found
there is not run again::

    python tools/run_study.py                    # search, then report
    python tools/run_study.py --phases search    # the search only
"""
import argparse
import os.path as osp
from typing import Tuple

from pointcmt_lab import (PIPELINE_PRESETS, REPORT_KINDS, run_study,
                          study_tables)
from pointcmt.apis.cli import add_cfg_options

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))


def shard(text: str) -> Tuple[int, int]:
    """``'K/N'`` -> ``(K, N)``."""
    try:
        index, count = (int(v) for v in text.split('/'))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f'--shard must be K/N, got {text!r}') from None
    return index, count


def build_parser() -> argparse.ArgumentParser:
    """The command line of this tool."""
    parser = argparse.ArgumentParser(
        description='PointCMT recipe study: search on val, report on test')
    parser.add_argument(
        '--preset', choices=sorted(PIPELINE_PRESETS),
        default='modelnet40-cpu')
    parser.add_argument('--work-dir', help='default: work_dirs/study_<preset>')
    parser.add_argument(
        '--results-dir', help='default: docs/results/study_<preset>')
    parser.add_argument(
        '--phases',
        nargs='*',
        default=['search', 'report'],
        choices=['search', 'report'],
        help='none: only summarise the committed runs')
    parser.add_argument(
        '--students',
        nargs='+',
        help='of the preset (default: all); the first is the one searched on')
    parser.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    parser.add_argument(
        '--max-candidates',
        type=int,
        help='search only the first K candidates of each family '
        '(default: all)')
    parser.add_argument(
        '--shard',
        type=shard,
        default=(0, 1),
        help='K/N: run every N-th run of each phase from the K-th, for N '
        'processes sharing the study')
    parser.add_argument(
        '--report-kinds',
        nargs='+',
        choices=list(REPORT_KINDS),
        default=list(REPORT_KINDS),
        help='the report runs only these (default: all); changes which '
        'runs each --shard gets')
    add_cfg_options(
        parser, 'overrides for every run')
    return parser


def parse_args() -> argparse.Namespace:
    return build_parser().parse_args()


def main() -> None:
    args = parse_args()
    summary = run_study(
        args.preset,
        work_dir=args.work_dir,
        results_dir=args.results_dir,
        phases=args.phases,
        students=args.students,
        seeds=args.seeds,
        max_candidates=args.max_candidates,
        shard=args.shard,
        report_kinds=args.report_kinds,
        cfg_options=args.cfg_options,
        config_root=REPO)
    print(study_tables(summary))


if __name__ == '__main__':
    main()
