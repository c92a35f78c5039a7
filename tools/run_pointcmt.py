"""Run the whole PointCMT recipe: Stage I, II, III and the vanilla baseline.

On the embedded synthetic shapes by default (CPU, no download)::

    python tools/run_pointcmt.py                       # 3 seeds
    python tools/run_pointcmt.py --preset modelnet40-cpu \
        --cfg-options data_root=data/modelnet40_1024/

Steps, each an mmengine ``Runner`` (train, then test of the checkpoint
selected on the validation split) under ``<work-dir>/<step>/``, all in this
process:

1. ``teacher``: Stage I multi-view teacher; test accuracy.
2. ``cmpg``: Stage II generator on the frozen teacher; test EMD.
3. ``features``: teacher features of the un-augmented train split.
4. ``vanilla_seed<k>`` / ``pointcmt_seed<k>``: the same Stage III config
   with the cross-modal terms off / on, per seed; test accuracy of the
   checkpoint selected on the validation split.

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
from typing import Dict, List, Optional

from mmengine.config import Config, DictAction
from mmengine.runner import Runner

from extract_teacher_features import main as extract_features
from pointcmt.engine import prepare_runner_cfg

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
PRESETS = {
    'synthetic':
    dict(
        teacher='configs/teacher_mvcnn-resnet18_synthetic.py',
        cmpg='configs/cmpg_synthetic.py',
        student='configs/pointcmt_pointnet2_synthetic.py'),
    'modelnet40-cpu':
    dict(
        teacher='configs/teacher_mvcnn-resnet18_cpu_modelnet40.py',
        cmpg='configs/cmpg_cpu_modelnet40.py',
        student='configs/pointcmt_pointnet2_cpu_modelnet40.py'),
    'modelnet40':
    dict(
        teacher='configs/teacher_mvcnn-resnet18_modelnet40.py',
        cmpg='configs/cmpg_modelnet40.py',
        student='configs/pointcmt_pointnet2_modelnet40.py'),
}


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='PointCMT end to end: teacher, CMPG, vanilla and '
        'PointCMT students over several seeds')
    parser.add_argument('--preset', choices=sorted(PRESETS),
                        default='synthetic')
    parser.add_argument('--work-dir', help='default: work_dirs/run_<preset>')
    parser.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    for stage in ('teacher', 'cmpg', 'student'):
        parser.add_argument(f'--{stage}-config',
                            help=f'override the preset\'s {stage} config')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        default={},
        help='key=value overrides applied to every stage (train and test)')
    return parser.parse_args(argv)


class Pipeline:
    """Runs the steps in order and records their results."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.configs = dict(PRESETS[args.preset])
        for stage in self.configs:
            if getattr(args, f'{stage}_config'):
                self.configs[stage] = getattr(args, f'{stage}_config')
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

    def step(self, name: str, config: str, options: Dict,
             test_metric: str) -> Dict:
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
        Runner.from_cfg(cfg).train()
        train_s = time.time() - start
        ckpt = self._best_checkpoint(run_dir)
        cfg = self._cfg(config, run_dir, options)
        cfg.load_from = ckpt
        metrics = Runner.from_cfg(cfg).test()
        result = dict(
            config=config,
            checkpoint=ckpt,
            test_metrics=metrics,
            value=metrics[test_metric],
            train_wall_s=round(train_s, 1),
            wall_s=round(time.time() - start, 1))
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
            osp.join(ROOT, self.configs['teacher']), teacher_ckpt, '--split',
            'train', '--out', out
        ] + (['--cfg-options', *options] if options else []))
        result = dict(file=out, wall_s=round(time.time() - start, 1))
        with open(result_file, 'w') as f:
            json.dump(result, f, indent=1)
        return result

    def run(self) -> Dict:
        os.makedirs(self.work_dir, exist_ok=True)
        start = time.time()
        teacher = self.step('teacher', self.configs['teacher'], {},
                            'test/overall_acc')
        cmpg = self.step('cmpg', self.configs['cmpg'],
                         {'model.teacher_ckpt': teacher['checkpoint']},
                         'test/emd')
        feats = self.features(teacher['checkpoint'])
        cache_key = ('train_dataloader.dataset.pipeline.'
                     f'{self._feature_transform_index()}.cache_file')
        runs = {'vanilla': [], 'pointcmt': []}
        for seed in self.seeds:
            for kind, switch in (('vanilla', False), ('pointcmt', True)):
                runs[kind].append(
                    self.step(
                        f'{kind}_seed{seed}', self.configs['student'], {
                            'randomness.seed': seed,
                            'model.generator_ckpt': cmpg['checkpoint'],
                            'model.use_fe': switch,
                            'model.use_ce': switch,
                            cache_key: feats['file']
                        }, 'test/overall_acc'))
        summary = self._summary(teacher, cmpg, feats, runs,
                                time.time() - start)
        path = osp.join(self.work_dir, 'summary.json')
        with open(path, 'w') as f:
            json.dump(summary, f, indent=1)
        print(json.dumps(summary, indent=1))
        print(f'summary written to {path}')
        return summary

    def _feature_transform_index(self) -> int:
        cfg = Config.fromfile(osp.join(ROOT, self.configs['student']))
        pipeline = cfg.train_dataloader.dataset.pipeline
        for i, transform in enumerate(pipeline):
            if transform['type'] == 'LoadTeacherFeature':
                return i
        raise ValueError(f'{self.configs["student"]}: the train pipeline has '
                         'no LoadTeacherFeature transform')

    def _summary(self, teacher: Dict, cmpg: Dict, feats: Dict,
                 runs: Dict[str, List[Dict]], wall_s: float) -> Dict:

        def stats(values: List[float]) -> Dict:
            return dict(
                mean=round(statistics.mean(values), 3),
                std=round(statistics.stdev(values), 3)
                if len(values) > 1 else 0.0,
                values=[round(v, 3) for v in values])

        accs = {k: [r['value'] for r in v] for k, v in runs.items()}
        macc = {
            k: [r['test_metrics']['test/mean_class_acc'] for r in v]
            for k, v in runs.items()
        }
        diff = [p - v for p, v in zip(accs['pointcmt'], accs['vanilla'])]
        return dict(
            preset=self.preset,
            configs=self.configs,
            cfg_options=self.options,
            seeds=self.seeds,
            split_used_for_numbers='test (checkpoints selected on val)',
            teacher_acc=round(teacher['value'], 3),
            cmpg_emd=round(cmpg['value'], 5),
            vanilla_acc=stats(accs['vanilla'])['mean'],
            pointcmt_acc=stats(accs['pointcmt'])['mean'],
            vanilla=dict(
                overall_acc=stats(accs['vanilla']),
                mean_class_acc=stats(macc['vanilla'])),
            pointcmt=dict(
                overall_acc=stats(accs['pointcmt']),
                mean_class_acc=stats(macc['pointcmt'])),
            pointcmt_minus_vanilla=stats(diff),
            wall_s=dict(
                teacher=teacher['wall_s'],
                cmpg=cmpg['wall_s'],
                features=feats['wall_s'],
                vanilla=round(sum(r['wall_s'] for r in runs['vanilla']), 1),
                pointcmt=round(sum(r['wall_s'] for r in runs['pointcmt']),
                               1),
                total_this_invocation=round(wall_s, 1)))


def main(argv: Optional[List[str]] = None) -> Dict:
    return Pipeline(parse_args(argv)).run()


if __name__ == '__main__':
    main()
