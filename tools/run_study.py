"""Run a declared study (``pointcmt_lab.STUDIES``; docs/studies/README.md).

Trains the preset's teacher, CMPG and feature cache (skipped when done, as
in ``tools/run_pointcmt.py``), then the study's phases
(:func:`pointcmt_lab.run_study`). Every finished run is written to
``docs/studies/<name>/`` (commit it); a run found there is not run again::

    python tools/run_study.py modelnet40-cpu                  # all phases
    python tools/run_study.py modelnet40-cpu --phases search  # one phase
    python tools/run_study.py modelnet40-cpu --shard 0/2      # 2 processes
    python tools/run_study.py synthetic --phases   # only the summary
"""
import argparse
import os.path as osp
from typing import Tuple

from pointcmt_lab import STUDIES, PilotStudy, RecipeStudy, run_study
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
        description='Run a declared study: its phases, or only its summary')
    parser.add_argument('study', choices=sorted(STUDIES))
    parser.add_argument(
        '--phases',
        nargs='*',
        choices=sorted({*RecipeStudy.PHASES, *PilotStudy.PHASES}),
        help='default: all of the study\'s (recipe: search report; pilot: '
        'runs); none: only summarise the committed runs')
    parser.add_argument(
        '--work-dir',
        help='default: work_dirs/study_<study>; a main job\'s work dir '
        'reuses its Stage I, II and feature cache')
    parser.add_argument(
        '--results-dir', help='default: docs/studies/<study>')
    parser.add_argument(
        '--shard',
        type=shard,
        default=(0, 1),
        help='K/N: run every N-th run of each phase from the K-th, for N '
        'processes sharing the study')
    add_cfg_options(parser, 'overrides for every run')
    return parser


def parse_args() -> argparse.Namespace:
    return build_parser().parse_args()


def main() -> None:
    args = parse_args()
    results_dir = args.results_dir or osp.join(REPO, 'docs', 'studies',
                                               args.study)
    run_study(
        args.study,
        work_dir=args.work_dir,
        results_dir=results_dir,
        phases=args.phases,
        shard=args.shard,
        cfg_options=args.cfg_options,
        config_root=REPO)
    with open(osp.join(results_dir, 'summary.md')) as f:
        print(f.read())


if __name__ == '__main__':
    main()
