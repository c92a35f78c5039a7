"""The one driver of the declared studies (``tools/run_study.py NAME``).

Trains the preset's teacher, CMPG and feature cache (skipped when done, as
in :meth:`Pipeline.stages`), then the study's phases; every finished run is
committed to ``docs/studies/<name>/`` and a run found there is not run
again. With no phase it only rewrites ``summary.json``/``summary.md`` from
the committed runs (trains nothing).
"""
import os.path as osp
from typing import Dict, Optional, Sequence, Tuple, Union

from .declarations import Pilot, Recipe, Record
from .pilot import PilotStudy
from .pipeline import Pipeline
from .recipes import VANILLA_OPTIONS
from .studies import STUDIES
from .study import RecipeStudy, Study

Declaration = Union[Recipe, Pilot, Record]


def declared(name: str) -> Declaration:
    """The study declared as ``name`` (a key of :data:`STUDIES`)."""
    if name not in STUDIES:
        raise ValueError(f'no study {name!r}; declared: {sorted(STUDIES)}')
    return STUDIES[name]


def build_study(study: Union[Recipe, Pilot], pipeline: Pipeline,
                results_dir: str, stages: Optional[Tuple]) -> Study:
    """The :class:`Study` of a declaration on ``pipeline``; its runs get
    the Stage I/II files of ``stages`` (``None``: a summary only, or a
    pilot of vanilla variants) and the declaration's settings."""

    def shared_options(config: str) -> Dict:
        return {
            **(pipeline.stage3_options(*stages) if stages else {}),
            **study.pinned,
            **getattr(study, 'cfg_options', {})
        }

    students = {
        name: configs['pointcmt']
        for name, configs in pipeline.students.items()
    }
    if isinstance(study, Recipe):
        return RecipeStudy(
            step=pipeline.step,
            work_dir=pipeline.work_dir,
            results_dir=results_dir,
            students=students,
            shared_options=shared_options,
            seeds=list(study.seeds),
            space=study.space,
            report_kinds=study.report_kinds)
    return PilotStudy(
        step=pipeline.step,
        work_dir=pipeline.work_dir,
        results_dir=results_dir,
        config=next(iter(students.values())),
        shared_options=shared_options,
        variants=study.variants,
        seeds=study.seeds,
        what=study.what,
        cfg_options=study.cfg_options)


def needs_stages(study: Union[Recipe, Pilot]) -> bool:
    """Whether any run of ``study`` trains a cross-modal term (and so
    needs the teacher, CMPG and feature cache): not a pilot of vanilla
    variants only."""
    if isinstance(study, Recipe):
        return True
    return any(
        variant.options.get(key) is not None
        for variant in study.variants.values() for key in VANILLA_OPTIONS)


def run_study(study: Union[str, Declaration],
              work_dir: Optional[str] = None,
              results_dir: Optional[str] = None,
              phases: Optional[Sequence[str]] = None,
              shard: Tuple[int, int] = (0, 1),
              cfg_options: Optional[Dict] = None,
              config_root: str = '.') -> Dict:
    """Run a declared study (or only summarise its committed runs).

    Args:
        study (str | Recipe | Pilot | Record): A name of :data:`STUDIES`
            or a declaration (then ``results_dir`` is needed).
        work_dir (str, optional): Default: ``work_dirs/study_<name>``; a
            main job's work dir reuses its Stage I, II and feature cache.
        results_dir (str, optional): Default: ``docs/studies/<name>``.
        phases (Sequence[str], optional): Of the study's phases (default:
            all); empty: only summarise the committed runs.
        shard (tuple[int, int]): ``(k, n)``: this process runs every n-th
            run of each phase from the k-th.
        cfg_options (dict, optional): Overrides of every run (e.g. a tiny
            setting for a test).
        config_root (str): Folder the config paths are relative to.

    Returns:
        dict: The study's summary.

    Raises:
        ValueError: Unknown name, a bad shard, or a :class:`Record`
            (naming the commit and command that re-run it).
    """
    name = study if isinstance(study, str) else None
    if name is not None:
        study = declared(name)
    elif results_dir is None:
        raise ValueError('run_study: a declaration needs results_dir')
    if len(shard) != 2 or not 0 <= shard[0] < shard[1]:
        raise ValueError(f'shard must be (k, n) with 0 <= k < n, got {shard}')
    results_dir = osp.abspath(results_dir or osp.join('docs', 'studies',
                                                      name))
    if isinstance(study, Record):
        raise ValueError(
            f'{name or results_dir} is a record: its results are committed '
            f'as they were made; re-running it needs commit {study.commit} '
            f'(git checkout {study.commit}; {study.command})')
    kind = RecipeStudy if isinstance(study, Recipe) else PilotStudy
    unknown = set(phases or ()) - set(kind.PHASES)
    if unknown:
        raise ValueError(f'{kind.__name__}: phases must be among '
                         f'{kind.PHASES}, got {sorted(unknown)}')
    pipeline = Pipeline(
        study.preset,
        work_dir or f'work_dirs/study_{name}',
        students=getattr(study, 'students', None),
        cfg_options={
            **getattr(study, 'stage_options', {}),
            **(cfg_options or {})
        },
        config_root=config_root)
    runs = phases is None or bool(phases)
    stages = pipeline.stages() if runs and needs_stages(study) else None
    built = build_study(study, pipeline, results_dir, stages)
    if stages and isinstance(built, RecipeStudy):
        built.record_stages(dict(teacher=stages[0], cmpg=stages[1]))
    return built.run(phases, shard)


__all__ = ['build_study', 'declared', 'run_study', 'STUDIES']
