"""The whole PointCMT recipe end to end: Stage I, II, III and the vanilla
baseline, over several seeds.

Steps, each an mmengine ``Runner`` (train, then test of the checkpoint
selected on the validation split) under ``<work_dir>/<step>/``, all in this
process:

1. ``teacher``: Stage I multi-view teacher; test accuracy.
2. ``cmpg``: Stage II generator on the frozen teacher; test EMD.
3. ``features``: teacher features of the un-augmented train split.
4. ``<student>_<variant>_seed<k>``: for each student of the preset
   (backbone) and seed, three variants: ``vanilla`` (the PointCMT config
   with every cross-modal term off), ``pointcmt`` (PointCMT's own terms) and
   ``kd`` (the logit-distillation config); test accuracy of the checkpoint
   selected on the validation split, and with ``votes`` the voting test
   (``vote_repeats`` repeats, each a fresh random draw; their mean is
   reported, not their best).

Loss-term variants and their selection on validation are the recipe study's
job (:class:`pointcmt_lab.RecipeStudy`).

A finished step leaves ``result.json`` (with the cfg options it ran with)
and is skipped when the pipeline is run again with the same options; an
interrupted training step resumes from its last checkpoint.
``<work_dir>/summary.json`` gathers the results and wall times.
"""
import json
import os
import os.path as osp
import statistics
import time
from typing import Dict, List, Optional, Sequence, Tuple

from mmengine.config import Config

from .presets import PIPELINE_PRESETS, VARIANTS
from .recipes import VANILLA_OPTIONS, stage3_cfg_options
from pointcmt.apis.runs import run_test, train_and_select
from pointcmt.apis.teacher_features import extract_teacher_features


def seed_stats(values: List[float], digits: int = 3) -> Dict:
    """Mean, sample std (0 for one value) and the values, rounded.

    Args:
        values (list[float]): One number per seed (or per seed pair).
        digits (int): Decimals kept.

    Returns:
        dict: ``mean``, ``std`` and ``values``.
    """
    return dict(
        mean=round(statistics.mean(values), digits),
        std=round(statistics.stdev(values), digits)
        if len(values) > 1 else 0.0,
        values=[round(v, digits) for v in values])


class Pipeline:
    """Runs the steps in order and records their results.

    Args:
        preset (str): A key of :data:`PIPELINE_PRESETS`.
        work_dir (str, optional): Default: ``work_dirs/run_<preset>``.
        seeds (Sequence[int]): Seeds of the student runs.
        teacher_config (str, optional): Replaces the preset's.
        cmpg_config (str, optional): Replaces the preset's.
        students (Sequence[str], optional): Only these of the preset's
            students (``name -> {variant: config}``).
        votes (int, optional): Votes per voting test (0: none); default
            the preset's.
        vote_repeats (int, optional): Voting tests per run; default the
            preset's.
        cfg_options (dict, optional): Overrides of every stage (train and
            test).
        config_root (str): Folder the config paths are relative to.
    """

    def __init__(self,
                 preset: str = 'synthetic',
                 work_dir: Optional[str] = None,
                 seeds: Sequence[int] = (0, 1, 2),
                 teacher_config: Optional[str] = None,
                 cmpg_config: Optional[str] = None,
                 students: Optional[Sequence[str]] = None,
                 votes: Optional[int] = None,
                 vote_repeats: Optional[int] = None,
                 cfg_options: Optional[Dict] = None,
                 config_root: str = '.') -> None:
        if preset not in PIPELINE_PRESETS:
            raise ValueError(f'preset must be one of '
                             f'{sorted(PIPELINE_PRESETS)}, got {preset!r}')
        spec = PIPELINE_PRESETS[preset]
        self.preset = preset
        self.teacher_config = teacher_config or spec.teacher
        self.cmpg_config = cmpg_config or spec.cmpg
        self.students = dict(spec.students)
        if students:
            unknown = set(students) - set(self.students)
            if unknown:
                raise ValueError(f'--students: {sorted(unknown)} not in '
                                 f'preset {preset!r}: '
                                 f'{sorted(self.students)}')
            self.students = {k: self.students[k] for k in students}
        self.votes = spec.votes if votes is None else votes
        self.vote_repeats = (spec.vote_repeats
                             if vote_repeats is None else vote_repeats)
        if self.votes and self.vote_repeats < 1:
            raise ValueError('--votes needs --vote-repeats >= 1')
        self.work_dir = osp.abspath(
            work_dir or osp.join('work_dirs', f'run_{preset}'))
        self.seeds = list(seeds)
        self.options = dict(cfg_options or {})
        self.config_root = config_root

    def config_path(self, config: str) -> str:
        """``config`` under :attr:`config_root`."""
        return osp.join(self.config_root, config)

    def _voting(self, config: str, run_dir: str, options: Dict,
                ckpt: str) -> Dict:
        """``vote_repeats`` voting tests of ``ckpt``, seeds 0, 1, ..., each
        logged (with its confusion matrix) in ``<run_dir>/voting_<k>``."""
        repeats = [
            run_test(
                self.config_path(config),
                ckpt,
                osp.join(run_dir, f'voting_{repeat}'),
                {
                    **options, 'randomness.seed': repeat
                },
                votes=self.votes) for repeat in range(self.vote_repeats)
        ]
        return dict(
            votes=self.votes,
            overall_acc=seed_stats(
                [m['test/overall_acc'] for m in repeats]),
            mean_class_acc=seed_stats(
                [m['test/mean_class_acc'] for m in repeats]))

    def step(self,
             name: str,
             config: str,
             options: Dict,
             test_metric: str,
             voting: bool = False) -> Dict:
        """Train ``config`` into ``<work_dir>/<name>``, select the
        checkpoint on val, test it; skipped when done before.

        Args:
            name (str): The step (its folder).
            config (str): Config path, relative to :attr:`config_root`.
            options (dict): cfg options on top of the pipeline's.
            test_metric (str): The test metric reported as ``value``.
            voting (bool): Also run the voting tests (if ``votes``).

        Returns:
            dict: ``config``, ``cfg_options``, ``checkpoint``,
            ``best_val``, ``test_metrics``, ``value``, ``train_wall_s``,
            ``voting`` (if run) and ``wall_s``; also in
            ``<run_dir>/result.json``.

        Raises:
            ValueError: ``result.json`` exists but was made with another
                config or other cfg options.
        """
        run_dir = osp.join(self.work_dir, name)
        result_file = osp.join(run_dir, 'result.json')
        options = {**self.options, **options}
        if osp.exists(result_file):
            with open(result_file) as f:
                done = json.load(f)
            asked = json.loads(json.dumps(dict(config=config,
                                               cfg_options=options)))
            made = {k: done.get(k) for k in asked}
            if made != asked:
                raise ValueError(
                    f'{result_file} was made with {made}, not {asked}: '
                    'remove that run folder or use another --work-dir')
            print(f'[{name}] done before, skipping ({result_file})')
            return done
        print(f'[{name}] training {config}', flush=True)
        start = time.time()
        trained = train_and_select(self.config_path(config), run_dir, options)
        metrics = run_test(self.config_path(config), trained['checkpoint'],
                           run_dir, options)
        result = dict(
            config=config,
            cfg_options=options,
            checkpoint=trained['checkpoint'],
            best_val=trained['best_val'],
            test_metrics=metrics,
            value=metrics[test_metric],
            train_wall_s=trained['train_wall_s'])
        if voting and self.votes:
            result['voting'] = self._voting(config, run_dir, options,
                                            trained['checkpoint'])
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
        cache = extract_teacher_features(
            self.config_path(self.teacher_config),
            teacher_ckpt,
            out,
            split='train',
            cfg_options=self.options)
        print(f'[features] {cache["count"]} teacher features of width '
              f'{cache["channels"]} saved to {out}')
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

    def stage3_options(self, teacher: Dict, cmpg: Dict,
                       feats: Dict) -> Dict:
        """cfg options wiring a Stage III config to this run's teacher (its
        model config and checkpoint, for ``loss_kd``), CMPG and feature
        cache (checked against the teacher checkpoint)."""
        teacher_model = Config.fromfile(self.config_path(
            self.teacher_config)).model.to_dict()
        return {
            **stage3_cfg_options(cmpg['checkpoint'], feats['file'],
                                 teacher['checkpoint']), 'model.teacher':
            teacher_model
        }

    def run(self) -> Dict:
        """All the steps; writes and returns the summary."""
        os.makedirs(self.work_dir, exist_ok=True)
        start = time.time()
        teacher, cmpg, feats = self.stages()
        shared = self.stage3_options(teacher, cmpg, feats)
        students = {}
        for student, configs in self.students.items():
            variants = {
                'vanilla': (configs['pointcmt'], VANILLA_OPTIONS),
                **{v: (configs[v], {})
                   for v in VARIANTS}
            }
            runs = {kind: [] for kind in variants}
            for seed in self.seeds:
                for kind, (config, terms) in variants.items():
                    runs[kind].append(
                        self.step(
                            f'{student}_{kind}_seed{seed}',
                            config, {
                                **shared, 'randomness.seed': seed,
                                **terms
                            },
                            'test/overall_acc',
                            voting=True))
            students[student] = _student_summary(
                {k: c for k, (c, _) in variants.items()}, runs)
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
                    s: round(sum(v['wall_s'] for v in r.values()), 1)
                    for s, r in students.items()
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


def _student_summary(configs: Dict[str, str],
                     runs: Dict[str, List[Dict]]) -> Dict:
    """Mean/std over seeds of each variant, and its paired gap to vanilla.
    """
    out = {}
    for kind, results in runs.items():
        out[kind] = dict(
            config=configs[kind],
            overall_acc=seed_stats([r['value'] for r in results]),
            mean_class_acc=seed_stats(
                [r['test_metrics']['test/mean_class_acc'] for r in results]),
            best_val=[r['best_val'].get('best_score') for r in results],
            test_mean_class_acc=[
                r['test_metrics']['test/mean_class_acc'] for r in results
            ])
        if all('voting' in r for r in results):
            out[kind]['voting'] = dict(
                votes=results[0]['voting']['votes'],
                overall_acc=seed_stats(
                    [r['voting']['overall_acc']['mean'] for r in results]),
                mean_class_acc=seed_stats(
                    [r['voting']['mean_class_acc']['mean']
                     for r in results]))
        if kind != 'vanilla':
            out[kind]['minus_vanilla'] = seed_stats([
                r['value'] - v['value']
                for r, v in zip(results, runs['vanilla'])
            ])
        out[kind]['wall_s'] = round(sum(r['wall_s'] for r in results), 1)
    return out


#: What each variant of the main job trains.
TRAINED = {
    'vanilla': 'vanilla (loss_cls)',
    'pointcmt': 'PointCMT (loss_cls + loss_fe + loss_ce)',
    'kd': 'KD (loss_cls + loss_kd)',
}


def _cell(stats: Dict) -> str:
    return f"{stats['mean']:.1f} ± {stats['std']:.1f}"


def results_table(summary: Dict) -> str:
    """Markdown table of a summary: test accuracies, mean ± std over seeds
    (voting: each run's mean over repeats, then mean ± std over seeds)."""
    lines = [
        f"Teacher: {summary['teacher_acc']:.1f} % OA, "
        f"{summary['teacher_mean_class_acc']:.1f} % mAcc (test); CMPG test "
        f"EMD {summary['cmpg_emd']:.3f}.", '',
        '| student | training | OA (%) | - vanilla (paired) | mAcc (%) | '
        'OA, voting (%) | mAcc, voting (%) | wall (min, all seeds) |',
        '|---|---|---|---|---|---|---|---|'
    ]
    for student, result in summary['students'].items():
        for kind, row in result.items():
            voting = row.get('voting')
            gap = row.get('minus_vanilla')
            lines.append(
                '| {} | {} | {} | {} | {} | {} | {} | {:.1f} |'.format(
                    student, TRAINED[kind], _cell(row['overall_acc']),
                    _cell(gap) if gap else '-', _cell(row['mean_class_acc']),
                    _cell(voting['overall_acc']) if voting else '-',
                    _cell(voting['mean_class_acc']) if voting else '-',
                    row['wall_s'] / 60))
    return '\n'.join(lines) + '\n'


__all__ = ['Pipeline', 'results_table', 'seed_stats', 'TRAINED']
