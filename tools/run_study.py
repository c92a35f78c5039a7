"""The recipe study (README, "Results"): search on val, report over seeds.

Trains the preset's teacher, CMPG and feature cache (skipped when done, as
in ``tools/run_pointcmt.py``), then the two phases of
:class:`pointcmt.apis.RecipeStudy`. Every finished run is written to
``--results-dir`` (commit it); a run found there is not run again::

    python tools/run_study.py                    # search, then report
    python tools/run_study.py --phases search    # the search only
"""
import argparse
import os.path as osp
from typing import Dict, List, Optional

from mmengine.config import Config, DictAction
from run_pointcmt import PRESETS, ROOT, Pipeline
from run_pointcmt import parse_args as pipeline_args

from pointcmt.apis import (SEARCH_SPACE, RecipeStudy, first_candidates,
                           study_tables)


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='PointCMT recipe study: search on val, report on test')
    parser.add_argument('--preset', choices=sorted(PRESETS),
                        default='modelnet40-cpu')
    parser.add_argument('--work-dir', help='default: work_dirs/study_<preset>')
    parser.add_argument('--results-dir',
                        help='default: docs/results/study_<preset>')
    parser.add_argument('--phases', nargs='*', default=['search', 'report'],
                        choices=['search', 'report'],
                        help='none: only summarise the committed runs')
    parser.add_argument('--students', nargs='+',
                        help='of the preset (default: all); the first is '
                        'the one searched on')
    parser.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    parser.add_argument('--max-candidates', type=int,
                        help='search only the first K candidates of each '
                        'family (default: all)')
    parser.add_argument('--shard', default='0/1',
                        help='K/N: run every N-th search candidate from the '
                        'K-th, for N processes sharing the search')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        default={}, help='overrides for every run')
    return parser.parse_args(argv)


def main(argv: Optional[List[str]] = None) -> Dict:
    args = parse_args(argv)
    options = [f'{k}={v}' for k, v in args.cfg_options.items()]
    pipeline = Pipeline(
        pipeline_args(
            ['--preset', args.preset, '--work-dir', args.work_dir or
             f'work_dirs/study_{args.preset}'] +
            (['--students', *args.students] if args.students else []) +
            (['--cfg-options', *options] if options else [])))
    results_dir = osp.abspath(args.results_dir
                              or f'docs/results/study_{args.preset}')
    shared_options = None
    if args.phases:
        teacher, cmpg, feats = pipeline.stages()
        # the teacher itself, for logit distillation (its classifier)
        teacher_model = Config.fromfile(
            osp.join(ROOT, pipeline.teacher_config)).model.to_dict()

        def shared_options(config: str) -> Dict:
            return {
                **Pipeline.stage3_options(config, teacher, cmpg, feats),
                'model.teacher': teacher_model,
                'model.teacher_ckpt': teacher['checkpoint'],
            }

    study = RecipeStudy(
        step=pipeline.step,
        work_dir=pipeline.work_dir,
        results_dir=results_dir,
        students=pipeline.students,
        shared_options=shared_options,
        seeds=args.seeds,
        space=(first_candidates(args.max_candidates)
               if args.max_candidates else SEARCH_SPACE))
    if args.phases:
        study.record_stages(dict(teacher=teacher, cmpg=cmpg))
    shard = tuple(int(v) for v in args.shard.split('/'))
    if len(shard) != 2 or not 0 <= shard[0] < shard[1]:
        raise ValueError(f'--shard must be K/N with 0 <= K < N, got '
                         f'{args.shard!r}')
    summary = study.run(tuple(args.phases), shard)
    print(study_tables(summary))
    return summary


if __name__ == '__main__':
    main()
