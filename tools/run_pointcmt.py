"""Run the whole PointCMT recipe: Stage I, II, III and the vanilla baseline.

On the embedded synthetic shapes by default (CPU, no download)::

    python tools/run_pointcmt.py                       # 3 seeds
    python tools/run_pointcmt.py --preset modelnet40-cpu   # CPU protocol

Steps, each an mmengine ``Runner`` (train, then test of the checkpoint
selected on the validation split) under ``<work-dir>/<step>/``, all in this
process:

1. ``teacher``: Stage I multi-view teacher; test accuracy.
2. ``cmpg``: Stage II generator on the frozen teacher; test EMD.
3. ``features``: teacher features of the un-augmented train split.
4. ``<student>_vanilla_seed<k>`` / ``<student>_pointcmt_seed<k>``: for each
   student config of the preset (backbone), the same Stage III config with
   the cross-modal terms off / on, per seed; test accuracy of the checkpoint
   selected on the validation split, and with ``--votes`` the voting test
   (``--vote-repeats`` repeats, each a fresh random draw; their mean is
   reported, not their best).

Loss-term variants and their selection on validation are the recipe study's
job (``tools/run_study.py``).

A finished step leaves ``result.json`` and is skipped when the command is run
again; an interrupted training step resumes from its last checkpoint.
``<work-dir>/summary.json`` gathers the results and wall times.
"""
import argparse
import glob
import json
import os
import os.path as osp
import statistics
import time
from typing import Dict, List, Optional, Tuple

from mmengine.config import Config, DictAction
from mmengine.runner import Runner

from extract_teacher_features import main as extract_features
from pointcmt.apis import VANILLA_OPTIONS
from pointcmt.engine import apply_voting_cfg, prepare_runner_cfg

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
PRESETS = {
    'synthetic':
    dict(
        teacher='configs/teacher_mvcnn-resnet18_synthetic.py',
        cmpg='configs/cmpg_synthetic.py',
        students=dict(pointnet2='configs/pointcmt_pointnet2_synthetic.py'),
        votes=0,
        vote_repeats=0),
    'modelnet40-cpu':
    dict(
        teacher='configs/teacher_mvcnn-resnet18_cpu_modelnet40.py',
        cmpg='configs/cmpg_cpu_modelnet40.py',
        students=dict(
            pointnet2='configs/pointcmt_pointnet2_cpu_modelnet40.py',
            dgcnn='configs/pointcmt_dgcnn_cpu_modelnet40.py'),
        votes=3,
        vote_repeats=2),
    'modelnet40':
    dict(
        teacher='configs/teacher_mvcnn-resnet18_modelnet40.py',
        cmpg='configs/cmpg_modelnet40.py',
        students=dict(
            pointnet2='configs/pointcmt_pointnet2_modelnet40.py',
            dgcnn='configs/pointcmt_dgcnn_modelnet40.py'),
        votes=10,
        vote_repeats=10),
}
def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='PointCMT end to end: teacher, CMPG, vanilla and '
        'PointCMT students over several seeds')
    parser.add_argument('--preset', choices=sorted(PRESETS),
                        default='synthetic')
    parser.add_argument('--work-dir', help='default: work_dirs/run_<preset>')
    parser.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    parser.add_argument('--teacher-config',
                        help='override the preset\'s teacher config')
    parser.add_argument('--cmpg-config',
                        help='override the preset\'s CMPG config')
    parser.add_argument(
        '--students',
        nargs='+',
        help='restrict to these of the preset\'s students (e.g. pointnet2)')
    parser.add_argument('--votes', type=int,
                        help='votes per voting test (0: none; default: '
                        'the preset\'s)')
    parser.add_argument('--vote-repeats', type=int,
                        help='voting tests per run (default: the preset\'s)')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        default={},
        help='key=value overrides applied to every stage (train and test)')
    return parser.parse_args(argv)


def _stats(values: List[float]) -> Dict:
    return dict(
        mean=round(statistics.mean(values), 3),
        std=round(statistics.stdev(values), 3) if len(values) > 1 else 0.0,
        values=[round(v, 3) for v in values])


class Pipeline:
    """Runs the steps in order and records their results."""

    def __init__(self, args: argparse.Namespace) -> None:
        preset = PRESETS[args.preset]
        self.teacher_config = args.teacher_config or preset['teacher']
        self.cmpg_config = args.cmpg_config or preset['cmpg']
        self.students = dict(preset['students'])
        if args.students:
            unknown = set(args.students) - set(self.students)
            if unknown:
                raise ValueError(f'--students: {sorted(unknown)} not in '
                                 f'preset {args.preset!r}: '
                                 f'{sorted(self.students)}')
            self.students = {k: self.students[k] for k in args.students}
        self.votes = preset['votes'] if args.votes is None else args.votes
        self.vote_repeats = (preset['vote_repeats'] if args.vote_repeats is
                             None else args.vote_repeats)
        if self.votes and self.vote_repeats < 1:
            raise ValueError('--votes needs --vote-repeats >= 1')
        self.work_dir = osp.abspath(args.work_dir
                                    or osp.join('work_dirs',
                                                f'run_{args.preset}'))
        self.options = dict(args.cfg_options)
        self.seeds = args.seeds
        self.preset = args.preset

    @staticmethod
    def _best_checkpoint(run_dir: str) -> str:
        best = sorted(glob.glob(osp.join(run_dir, 'best_*.pth')))
        if best:
            return best[-1]
        last = osp.join(run_dir, 'last_checkpoint')
        if osp.exists(last):
            with open(last) as f:
                return f.read().strip()
        raise FileNotFoundError(f'no checkpoint in {run_dir}')

    def _cfg(self, config: str, run_dir: str, options: Dict) -> Config:
        cfg = Config.fromfile(osp.join(ROOT, config))
        cfg.merge_from_dict({**self.options, **options})
        # mmengine reuses a visualizer of the same name, which would send
        # every later run's scalars to the first run's log folder.
        cfg.visualizer.name = f'visualizer_{run_dir}_{time.time()}'
        return prepare_runner_cfg(cfg, config, run_dir)

    def _voting(self, config: str, run_dir: str, options: Dict,
                ckpt: str) -> Dict:
        """``vote_repeats`` voting tests of ``ckpt``, seeds 0, 1, ..., each
        logged (with its confusion matrix) in ``<run_dir>/voting_<k>``."""
        repeats = []
        for repeat in range(self.vote_repeats):
            cfg = self._cfg(config, osp.join(run_dir, f'voting_{repeat}'),
                            {**options, 'randomness.seed': repeat})
            cfg.load_from = ckpt
            apply_voting_cfg(cfg, self.votes)
            repeats.append(Runner.from_cfg(cfg).test())
        return dict(
            votes=self.votes,
            overall_acc=_stats([m['test/overall_acc'] for m in repeats]),
            mean_class_acc=_stats(
                [m['test/mean_class_acc'] for m in repeats]))

    def step(self, name: str, config: str, options: Dict, test_metric: str,
             voting: bool = False) -> Dict:
        """Train ``config`` into ``<work_dir>/<name>``, then test it."""
        run_dir = osp.join(self.work_dir, name)
        result_file = osp.join(run_dir, 'result.json')
        if osp.exists(result_file):
            print(f'[{name}] done before, skipping ({result_file})')
            with open(result_file) as f:
                return json.load(f)
        print(f'[{name}] training {config}', flush=True)
        start = time.time()
        cfg = self._cfg(config, run_dir, options)
        cfg.resume = osp.exists(osp.join(run_dir, 'last_checkpoint'))
        runner = Runner.from_cfg(cfg)
        runner.train()
        train_s = time.time() - start
        val_metrics = {
            k: v
            for k, v in runner.message_hub.runtime_info.items()
            if k.startswith('best_score')
        }
        ckpt = self._best_checkpoint(run_dir)
        cfg = self._cfg(config, run_dir, options)
        cfg.load_from = ckpt
        metrics = Runner.from_cfg(cfg).test()
        result = dict(
            config=config,
            checkpoint=ckpt,
            best_val=val_metrics,
            test_metrics=metrics,
            value=metrics[test_metric],
            train_wall_s=round(train_s, 1))
        if voting and self.votes:
            result['voting'] = self._voting(config, run_dir, options, ckpt)
        result['wall_s'] = round(time.time() - start, 1)
        with open(result_file, 'w') as f:
            json.dump(result, f, indent=1)
        return result

    def features(self, teacher_ckpt: str) -> Dict:
        """Cache the teacher features of the un-augmented train split."""
        out = osp.join(self.work_dir, 'features', 'teacher_feats_train.pth')
        result_file = osp.join(self.work_dir, 'features', 'result.json')
        if osp.exists(result_file):
            with open(result_file) as f:
                return json.load(f)
        os.makedirs(osp.dirname(out), exist_ok=True)
        start = time.time()
        options = [f'{k}={v}' for k, v in self.options.items()]
        extract_features([
            osp.join(ROOT, self.teacher_config), teacher_ckpt, '--split',
            'train', '--out', out
        ] + (['--cfg-options', *options] if options else []))
        result = dict(file=out, wall_s=round(time.time() - start, 1))
        with open(result_file, 'w') as f:
            json.dump(result, f, indent=1)
        return result

    def stages(self) -> Tuple[Dict, Dict, Dict]:
        """Stage I, Stage II and the feature cache (each skipped when done):
        the teacher, CMPG and features step results."""
        teacher = self.step('teacher', self.teacher_config, {},
                            'test/overall_acc')
        cmpg = self.step('cmpg', self.cmpg_config,
                         {'model.teacher_ckpt': teacher['checkpoint']},
                         'test/emd')
        return teacher, cmpg, self.features(teacher['checkpoint'])

    def run(self) -> Dict:
        os.makedirs(self.work_dir, exist_ok=True)
        start = time.time()
        teacher, cmpg, feats = self.stages()
        students = {}
        for student, config in self.students.items():
            shared = self.stage3_options(config, teacher, cmpg, feats)
            runs = {'vanilla': [], 'pointcmt': []}
            for seed in self.seeds:
                for kind, terms in (('vanilla', VANILLA_OPTIONS),
                                    ('pointcmt', {})):
                    runs[kind].append(
                        self.step(
                            f'{student}_{kind}_seed{seed}', config, {
                                **shared, 'randomness.seed': seed,
                                **terms
                            },
                            'test/overall_acc',
                            voting=True))
            students[student] = self._student_summary(config, runs)
        summary = dict(
            preset=self.preset,
            teacher_config=self.teacher_config,
            cmpg_config=self.cmpg_config,
            cfg_options=self.options,
            seeds=self.seeds,
            split_used_for_numbers='test (checkpoints selected on val)',
            teacher_acc=round(teacher['value'], 3),
            teacher_mean_class_acc=round(
                teacher['test_metrics']['test/mean_class_acc'], 3),
            cmpg_emd=round(cmpg['value'], 5),
            students=students,
            wall_s=dict(
                teacher=teacher['wall_s'],
                cmpg=cmpg['wall_s'],
                features=feats['wall_s'],
                students={
                    k: v['wall_s']
                    for k, v in students.items()
                },
                total_this_invocation=round(time.time() - start, 1)))
        path = osp.join(self.work_dir, 'summary.json')
        with open(path, 'w') as f:
            json.dump(summary, f, indent=1)
        with open(osp.join(self.work_dir, 'summary.md'), 'w') as f:
            f.write(results_table(summary))
        print(json.dumps(summary, indent=1))
        print(results_table(summary))
        print(f'summary written to {path} and summary.md')
        return summary

    @staticmethod
    def stage3_options(config: str, teacher: Dict, cmpg: Dict,
                        feats: Dict) -> Dict:
        """cfg options pointing a Stage III config at this run's CMPG and
        feature cache (checked against the teacher checkpoint)."""
        cfg = Config.fromfile(osp.join(ROOT, config))
        pipeline = cfg.train_dataloader.dataset.pipeline
        for i, transform in enumerate(pipeline):
            if transform['type'] == 'LoadTeacherFeature':
                key = f'train_dataloader.dataset.pipeline.{i}'
                return {
                    'model.generator_ckpt': cmpg['checkpoint'],
                    f'{key}.cache_file': feats['file'],
                    f'{key}.teacher_ckpt': teacher['checkpoint']
                }
        raise ValueError(f'{config}: the train pipeline has no '
                         'LoadTeacherFeature transform')

    @staticmethod
    def _student_summary(config: str, runs: Dict[str, List[Dict]]) -> Dict:
        """Mean/std over seeds of vanilla and PointCMT, and their gap."""
        out = dict(config=config)
        for kind, results in runs.items():
            out[kind] = dict(
                overall_acc=_stats([r['value'] for r in results]),
                mean_class_acc=_stats([
                    r['test_metrics']['test/mean_class_acc'] for r in results
                ]),
                best_val=[r['best_val'].get('best_score') for r in results],
                test_mean_class_acc=[
                    r['test_metrics']['test/mean_class_acc'] for r in results
                ])
            if all('voting' in r for r in results):
                out[kind]['voting'] = dict(
                    votes=results[0]['voting']['votes'],
                    overall_acc=_stats([
                        r['voting']['overall_acc']['mean'] for r in results
                    ]),
                    mean_class_acc=_stats([
                        r['voting']['mean_class_acc']['mean']
                        for r in results
                    ]))
        out['pointcmt_minus_vanilla'] = _stats([
            p['value'] - v['value']
            for p, v in zip(runs['pointcmt'], runs['vanilla'])
        ])
        out['wall_s'] = dict(
            vanilla=round(sum(r['wall_s'] for r in runs['vanilla']), 1),
            pointcmt=round(sum(r['wall_s'] for r in runs['pointcmt']), 1))
        return out


def _cell(stats: Dict) -> str:
    return f"{stats['mean']:.1f} ± {stats['std']:.1f}"


def results_table(summary: Dict) -> str:
    """Markdown table of a summary: test accuracies, mean ± std over seeds
    (voting: each run's mean over repeats, then mean ± std over seeds)."""
    lines = [
        f"Teacher: {summary['teacher_acc']:.1f} % OA, "
        f"{summary['teacher_mean_class_acc']:.1f} % mAcc (test); CMPG test "
        f"EMD {summary['cmpg_emd']:.3f}.", '',
        '| student | training | OA (%) | mAcc (%) | OA, voting (%) | '
        'mAcc, voting (%) | wall (min, all seeds) |',
        '|---|---|---|---|---|---|---|'
    ]
    for student, result in summary['students'].items():
        for kind in ('vanilla', 'pointcmt'):
            row = result[kind]
            voting = row.get('voting')
            lines.append('| {} | {} | {} | {} | {} | {} | {:.1f} |'.format(
                student, kind, _cell(row['overall_acc']),
                _cell(row['mean_class_acc']),
                _cell(voting['overall_acc']) if voting else '-',
                _cell(voting['mean_class_acc']) if voting else '-',
                result['wall_s'][kind] / 60))
        lines.append('| {} | PointCMT - vanilla | {} | | | | |'.format(
            student, _cell(result['pointcmt_minus_vanilla'])))
    return '\n'.join(lines) + '\n'


def main(argv: Optional[List[str]] = None) -> Dict:
    return Pipeline(parse_args(argv)).run()


if __name__ == '__main__':
    main()
