"""Studies over the pipeline's runs: what they share (:class:`Study`: a
folder of committed runs, resumable, sharded, phases) and the recipe study.

The recipe study (:class:`RecipeStudy`) searches on validation, then
reports over seeds. It answers one question: under which settings do the
cross-modal terms beat a vanilla student tuned with the same care? It runs
in two phases, each a list of training runs (``step``\\ s of the end-to-end
pipeline, resumable one by one):

1. **search** -- on the first student and seed, every candidate of
   :data:`SEARCH_SPACE`, vanilla and PointCMT with the same number of
   candidates: first the vanilla ones (optimiser and regularisation), then
   the PointCMT ones on top of the vanilla candidate selected on validation
   (the method starts from the tuned baseline and adds its terms). Each run
   keeps the checkpoint with the best *validation* accuracy; the selection
   uses that value alone.
2. **report** -- for every student and seed: the selected vanilla, the
   selected PointCMT candidate on top of it, and the reference recipe
   (the official settings, :data:`REFERENCE_RECIPE`), each tested once on the
   test split (and with voting).

A run's result (``result.json`` of the pipeline step, plus the run's
``health/*`` signals averaged over its last epoch) is also written to a
results folder meant to be committed (``docs/studies/<name>/``), and a run
found there is not run again: a study can continue on another machine from
its committed results.
"""
import glob
import json
import os
import os.path as osp
import statistics
from abc import ABC, abstractmethod
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from pointcmt.models import file_sha256
from pointcmt.models.distillers import HEALTH_PREFIX
from .recipes import REFERENCE_RECIPE, SEARCH_SPACE

#: The report's kinds of run: the selected vanilla, the official recipe and
#: the selected PointCMT recipe.
REPORT_KINDS = ('vanilla', 'reference', 'pointcmt')


def select_on_val(results: Dict[str, Dict]) -> str:
    """Name of the candidate with the best validation accuracy.

    Args:
        results (dict): ``name -> step result`` with ``best_val`` holding
            ``best_score`` (the checkpoint hook's best val accuracy).

    Returns:
        str: The best; ties go to the earlier candidate.
    """
    if not results:
        raise ValueError('select_on_val: no finished candidate')
    return max(results, key=lambda n: results[n]['best_val']['best_score'])


def last_epoch_health(run_dir: str) -> Dict[str, float]:
    """Mean of each ``health/*`` scalar over the last training epoch.

    Args:
        run_dir (str): A run folder holding ``<timestamp>/vis_data/
            scalars.json`` (mmengine's local visualizer backend).

    Returns:
        dict: ``name -> mean`` (names without the prefix); empty when the
        run logged none.
    """
    files = sorted(
        glob.glob(osp.join(run_dir, '*', 'vis_data', 'scalars.json')))
    rows = []
    for path in files:
        with open(path) as f:
            rows += [json.loads(line) for line in f if line.strip()]
    rows = [r for r in rows if any(k.startswith(HEALTH_PREFIX) for k in r)]
    if not rows:
        return {}
    last = max(r['epoch'] for r in rows)
    rows = [r for r in rows if r['epoch'] == last]
    keys = sorted({k for r in rows for k in r if k.startswith(HEALTH_PREFIX)})
    return {
        k[len(HEALTH_PREFIX):]:
        round(statistics.mean(r[k] for r in rows if k in r), 4)
        for k in keys
    }


StepFn = Callable[..., Dict]


class Study(ABC):
    """What every study shares: a folder of committed runs, one
    ``<name>.json`` each, written once and never run again, and the summary
    of what is there.

    A subclass declares its :attr:`PHASES`, runs them in :meth:`run_phase`
    (through :meth:`run_step`) and summarises the committed runs in
    :meth:`summarise` and :meth:`tables`.

    Args:
        step (callable): ``step(name, config, options, test_metric,
            voting=False) -> result`` that trains ``config`` with the cfg
            ``options`` into ``<work_dir>/<name>``, selects the checkpoint on
            val and tests it (:meth:`Pipeline.step`).
        work_dir (str): Where ``step`` puts run ``<name>``.
        results_dir (str): Folder of committed results.
        shared_options (callable): ``config -> options`` every run gets
            (wiring a Stage III config to the study's teacher, CMPG and
            feature cache, and the study's pinned settings).
    """

    #: The phases, in the order :meth:`run` runs them.
    PHASES: Tuple[str, ...] = ()

    def __init__(self, step: StepFn, work_dir: str, results_dir: str,
                 shared_options: Callable[[str], Dict]) -> None:
        self._step = step
        self.work_dir = work_dir
        self.results_dir = results_dir
        self.shared_options = shared_options
        os.makedirs(results_dir, exist_ok=True)

    def run_step(self, name: str, config: str, options: Dict,
                 voting: bool) -> Dict:
        """One run, skipped when its committed result exists; the
        committed result is the step's plus its ``options`` and the
        ``health`` of its last epoch."""
        found = self._committed(name)
        if found is not None:
            return found
        result = self._step(
            name, config, {
                **self.shared_options(config),
                **options
            },
            'test/overall_acc',
            voting=voting)
        result = dict(
            result,
            options=options,
            health=last_epoch_health(osp.join(self.work_dir, name)))
        with open(osp.join(self.results_dir, f'{name}.json'), 'w') as f:
            json.dump(result, f, indent=1)
        return result

    def _committed(self, run: str) -> Optional[Dict]:
        path = osp.join(self.results_dir, f'{run}.json')
        if not osp.exists(path):
            return None
        with open(path) as f:
            return json.load(f)

    @abstractmethod
    def summarise(self) -> Dict:
        """The summary of the runs committed so far."""

    @abstractmethod
    def tables(self, summary: Dict) -> str:
        """Markdown of a summary."""

    @abstractmethod
    def run_phase(self, phase: str, shard: Tuple[int, int]) -> None:
        """Run one of :attr:`PHASES` (see the subclass)."""

    def write_summary(self, summary: Dict) -> None:
        """``summary.json`` and ``summary.md`` in the results folder."""
        with open(osp.join(self.results_dir, 'summary.json'), 'w') as f:
            json.dump(summary, f, indent=1)
        with open(osp.join(self.results_dir, 'summary.md'), 'w') as f:
            f.write(self.tables(summary))

    def run(self,
            phases: Optional[Sequence[str]] = None,
            shard: Tuple[int, int] = (0, 1)) -> Dict:
        """Run the phases (default: all) and write ``summary.json``/
        ``summary.md`` to the results folder; returns the summary.

        Args:
            phases (Sequence[str], optional): Of :attr:`PHASES`; empty: only
                summarise the committed runs (trains nothing).
            shard (tuple[int, int]): ``(k, n)``: run only the runs at
                positions ``k, k + n, ...`` of each phase, for ``n``
                processes sharing the study.
        """
        phases = self.PHASES if phases is None else tuple(phases)
        unknown = set(phases) - set(self.PHASES)
        if unknown:
            raise ValueError(f'{type(self).__name__}: phases must be among '
                             f'{self.PHASES}, got {sorted(unknown)}')
        if len(shard) != 2 or not 0 <= shard[0] < shard[1]:
            raise ValueError(
                f'shard must be (k, n) with 0 <= k < n, got {shard}')
        for phase in self.PHASES:
            if phase in phases:
                self.run_phase(phase, shard)
        summary = self.summarise()
        self.write_summary(summary)
        return summary


class RecipeStudy(Study):
    """The recipe study: search on val, then report over seeds.

    Args:
        step (callable): See :class:`Study`.
        work_dir (str): See :class:`Study`.
        results_dir (str): See :class:`Study`.
        students (dict): ``student -> Stage III config``; the first
            student is the one searched on.
        shared_options (callable): See :class:`Study`.
        seeds (list[int]): Seeds of the report; the first is the search's.
        space (dict): The search space (default :data:`SEARCH_SPACE`).
        report_kinds (Sequence[str]): Which of ``'vanilla'``,
            ``'reference'`` and ``'pointcmt'`` the report runs (default:
            all three), e.g. to spend a short budget on the selected
            recipes before the reference's further seeds.
    """

    PHASES = ('search', 'report')

    def __init__(self,
                 step: StepFn,
                 work_dir: str,
                 results_dir: str,
                 students: Dict[str, str],
                 shared_options: Callable[[str], Dict],
                 seeds: List[int],
                 space: Optional[Dict[str, Dict[str, Dict]]] = None,
                 report_kinds: Sequence[str] = REPORT_KINDS) -> None:
        unknown = set(report_kinds) - set(REPORT_KINDS)
        if unknown:
            raise ValueError(f'report_kinds must be among {REPORT_KINDS}, '
                             f'got {sorted(unknown)}')
        super().__init__(step, work_dir, results_dir, shared_options)
        self.students = students
        self.seeds = seeds
        self.space = SEARCH_SPACE if space is None else space
        self.report_kinds = tuple(report_kinds)

    def record_stages(self, stages: Dict[str, Dict]) -> None:
        """Commit the Stage I/II results the runs depend on, and refuse to
        mix runs made with another teacher.

        Args:
            stages (dict): ``name -> step result`` (e.g. ``teacher``,
                ``cmpg``); each ``checkpoint`` is identified by its sha256.

        Raises:
            ValueError: The results folder holds runs made with a checkpoint
                of another sha256 (naming both files).
        """
        path = osp.join(self.results_dir, 'stages.json')
        record = {
            name: dict(
                result,
                checkpoint_sha256=file_sha256(result['checkpoint']))
            for name, result in stages.items()
        }
        if osp.exists(path):
            with open(path) as f:
                before = json.load(f)
            for name, result in record.items():
                old = before.get(name, {}).get('checkpoint_sha256')
                if old not in (None, result['checkpoint_sha256']):
                    raise ValueError(
                        f'{path}: the committed runs were made with another '
                        f'{name} ({before[name]["checkpoint"]}, sha256 '
                        f'{old}) than {result["checkpoint"]} (sha256 '
                        f'{result["checkpoint_sha256"]}); use another '
                        'results folder')
        with open(path, 'w') as f:
            json.dump(record, f, indent=1)

    def search(self, shard: Tuple[int, int] = (0, 1)
               ) -> Dict[str, Dict[str, Dict]]:
        """The search on the first student and seed, in two stages: the
        vanilla candidates, then the PointCMT candidates on top of the
        vanilla candidate selected on validation (its optimiser settings
        plus the candidate's terms: the method starts from the tuned
        baseline). The summary is rewritten after every run.

        Args:
            shard (tuple[int, int]): ``(k, n)``: run only the candidates at
                positions ``k, k + n, ...`` of each stage, for ``n``
                processes sharing the search. A shard that finds the
                vanilla stage unfinished (another shard still at it) stops
                before the PointCMT stage; run it again later.

        Returns:
            dict: :meth:`committed_search`, the finished runs of all shards.
        """
        config = next(iter(self.students.values()))
        index, count = shard
        stages = [('vanilla', None)]
        for family, base in stages:
            for i, name in enumerate(self.space[family]):
                if i % count != index:
                    continue
                self.run_step(
                    self._search_run(family, name, base), config, {
                        **self._base_options(base),
                        **self.space[family][name],
                        'randomness.seed': self.seeds[0]
                    },
                    voting=False)
                self.write_summary(self.summarise())
            if family == 'vanilla':
                base = self.selected_vanilla()
                if base is None:
                    print('[study] the vanilla search is not finished '
                          '(another shard?): run again for the PointCMT '
                          'candidates')
                else:
                    stages.append(('pointcmt', base))
        return self.committed_search()

    def _base_options(self, base: Optional[str]) -> Dict:
        return {} if base is None else self.space['vanilla'][base]

    def _search_run(self, family: str, name: str,
                    base: Optional[str] = None) -> str:
        student = next(iter(self.students))
        on = '' if base is None else f'_on-{base}'
        return f'search_{student}_{family}_{name}{on}_seed{self.seeds[0]}'

    def selected_vanilla(self) -> Optional[str]:
        """The vanilla candidate selected on val, once all are finished."""
        results = self.committed_search()['vanilla']
        if len(results) < len(self.space['vanilla']):
            return None
        return select_on_val(results)

    def committed_search(self) -> Dict[str, Dict[str, Dict]]:
        """The search runs in the results folder (any shard or earlier
        session), in search order: ``vanilla -> name -> result`` and
        ``pointcmt -> '<name> (on <vanilla name>)' -> result`` for every
        vanilla base found."""
        results: Dict[str, Dict[str, Dict]] = {f: {} for f in self.space}
        for name in self.space['vanilla']:
            found = self._committed(self._search_run('vanilla', name))
            if found is not None:
                results['vanilla'][name] = found
        for base in self.space['vanilla']:
            for name in self.space['pointcmt']:
                found = self._committed(
                    self._search_run('pointcmt', name, base))
                if found is not None:
                    results['pointcmt'][f'{name} (on {base})'] = found
        return results

    def summarise(self) -> Dict:
        """The summary of the runs committed so far (search and report);
        PointCMT is selected among the runs on the selected vanilla
        candidate."""
        searched = self.committed_search()
        selected = {}
        base = self.selected_vanilla()
        if base is not None:
            selected['vanilla'] = base
            on_base = {
                name: r
                for name, r in searched['pointcmt'].items()
                if name.endswith(f' (on {base})')
            }
            if len(on_base) == len(self.space['pointcmt']):
                selected['pointcmt'] = select_on_val(on_base).split(' (on ')[0]
        summary = dict(
            seeds=self.seeds,
            search_student=next(iter(self.students)),
            search=searched,
            selected=selected)
        report = self.committed_report()
        if report:
            summary['report'] = report
        return summary

    def report_runs(self, selected: Dict[str, str]
                    ) -> List[Tuple[str, str, Optional[Dict]]]:
        """The report's runs in a fixed order (student, seed, then selected
        vanilla, reference and selected PointCMT, those of
        ``report_kinds``): ``(name, config, options)``, options ``None``
        while the search has not selected that family. The order does not
        depend on the selection, so shards stay stable while the search
        finishes."""
        runs = []
        vanilla = (self.space['vanilla'][selected['vanilla']]
                   if 'vanilla' in selected else None)
        pointcmt = ({
            **vanilla,
            **self.space['pointcmt'][selected['pointcmt']]
        } if 'pointcmt' in selected else None)
        for student, config in self.students.items():
            for seed in self.seeds:
                for kind, options in (('vanilla', vanilla),
                                      ('reference', REFERENCE_RECIPE),
                                      ('pointcmt', pointcmt)):
                    if kind not in self.report_kinds:
                        continue
                    runs.append(
                        (f'report_{student}_{kind}_seed{seed}', config,
                         None if options is None else {
                             **options, 'randomness.seed': seed
                         }))
        return runs

    def report(self,
               selected: Dict[str, str],
               shard: Tuple[int, int] = (0, 1)) -> Dict[str, Dict]:
        """The report phase: selected vanilla, reference and selected
        PointCMT for every student and seed, tested with voting. Runs of a
        family the search has not selected yet are left for a later call,
        so the report can start (e.g. the reference runs) while the search
        finishes.

        Args:
            selected (dict): ``family -> candidate`` selected on val.
            shard (tuple[int, int]): ``(k, n)``: run only the runs at
                positions ``k, k + n, ...`` of :meth:`report_runs`.

        Returns:
            dict: :meth:`committed_report`.
        """
        index, count = shard
        for i, (name, config, options) in enumerate(
                self.report_runs(selected)):
            if i % count != index:
                continue
            if options is None:
                print(f'[study] {name}: waits for the search to select its '
                      'candidate; run the report again later')
                continue
            self.run_step(name, config, options, voting=True)
            self.write_summary(self.summarise())
        return self.committed_report()

    def committed_report(self) -> Dict[str, Dict[str, List[Dict]]]:
        """The report runs in the results folder: ``student -> kind ->
        [result per seed found]`` (each result's options hold its seed)."""
        out: Dict[str, Dict[str, List[Dict]]] = {}
        for student in self.students:
            for kind in REPORT_KINDS:
                for seed in self.seeds:
                    found = self._committed(
                        f'report_{student}_{kind}_seed{seed}')
                    if found is not None:
                        out.setdefault(student, {}).setdefault(
                            kind, []).append(found)
        return out

    def run_phase(self, phase: str, shard: Tuple[int, int]) -> None:
        """``'search'`` (:meth:`search`) or ``'report'`` (:meth:`report`
        of what the committed search has selected)."""
        if phase == 'search':
            self.search(shard)
        else:
            self.report(self.summarise()['selected'], shard)

    def tables(self, summary: Dict) -> str:
        """:func:`study_tables`."""
        return study_tables(summary)


def _mean_std(values: List[float]) -> str:
    if len(values) == 1:
        return f'{values[0]:.1f} (1 seed)'
    return f'{statistics.mean(values):.1f} ± {statistics.stdev(values):.1f}'


def study_tables(summary: Dict) -> str:
    """Markdown: the search table (val for choosing, test once) and the
    report table (mean ± std over seeds, voting = mean over repeats)."""
    selected = ', '.join(f'{family} `{name}`'
                         for family, name in summary['selected'].items()
                         ) or 'none yet, the vanilla search is unfinished'
    lines = [
        f"Search on {summary['search_student']}, seed "
        f"{summary['seeds'][0]} (selected on val: {selected}):", '',
        '| family | candidate | val OA, selected ckpt (%) | test OA (%) | '
        'fc on teacher feat (%) | student entropy | grad into f_s: cls / '
        'fe / ce / kd | wall (min) |', '|---|---|---|---|---|---|---|---|'
    ]
    for family, results in summary['search'].items():
        for name, r in results.items():
            health = r.get('health', {})
            grads = ' / '.join(
                _fmt(health.get(f'grad_{t}'), 3)
                for t in ('cls', 'fe', 'ce', 'kd')) if health else '-'
            lines.append(
                '| {} | {} | {:.1f} | {:.1f} | {} | {} | {} | {:.1f} |'.format(
                    family, name, r['best_val']['best_score'], r['value'],
                    _fmt(health.get('teacher_feat_acc')),
                    _fmt(health.get('student_entropy'), 2), grads,
                    r['wall_s'] / 60))
    for student, runs in summary.get('report', {}).items():
        lines += [
            '', f'Report, {student} (test split, mean ± std over seeds):', '',
            '| training | OA (%) | mAcc (%) | OA, voting (%) | wall (min, '
            'all seeds) |', '|---|---|---|---|---|'
        ]
        for kind, results in runs.items():
            lines.append('| {} | {} | {} | {} | {:.1f} |'.format(
                kind, _mean_std([r['value'] for r in results]),
                _mean_std([
                    r['test_metrics']['test/mean_class_acc'] for r in results
                ]),
                _mean_std([
                    r['voting']['overall_acc']['mean'] for r in results
                ]) if all('voting' in r for r in results) else '-',
                sum(r['wall_s'] for r in results) / 60))
        vanilla = _test_by_seed(runs.get('vanilla', []))
        for kind in ('reference', 'pointcmt'):
            other = _test_by_seed(runs.get(kind, []))
            gaps = [other[s] - vanilla[s] for s in other if s in vanilla]
            if gaps:
                lines.append(
                    f'| {kind} - vanilla | {_mean_std(gaps)} | | | |')
    return '\n'.join(lines) + '\n'


def _test_by_seed(results: List[Dict]) -> Dict[int, float]:
    return {r['options']['randomness.seed']: r['value'] for r in results}


def _fmt(value: Optional[float], digits: int = 1) -> str:
    return '-' if value is None else f'{value:.{digits}f}'


__all__ = [
    'REPORT_KINDS', 'RecipeStudy', 'Study', 'select_on_val',
    'last_epoch_health', 'study_tables'
]
