"""The shapes a study is declared in: data, run by one driver
(:func:`pointcmt_lab.run_study`, ``tools/run_study.py NAME``).

Every override is a cfg option addressed by name (``model.loss_kd``,
``train_dataloader.dataset.pipeline``), never by a list index. A study that
ran with settings the configs have since changed pins them (``pinned``), so
that it re-runs as it was; ``commit`` names the commit its committed runs
were made at.
"""
from dataclasses import dataclass, field
from typing import Dict, Optional, Tuple

from .pilot import Variant
from .recipes import SEARCH_SPACE
from .study import REPORT_KINDS


@dataclass(frozen=True)
class Recipe:
    """A recipe study (:class:`pointcmt_lab.RecipeStudy`): search on val,
    then report over seeds.

    Args:
        preset (str): The pipeline preset (its teacher, CMPG, students).
        what (str): One line: what the study asks.
        commit (str): The commit its committed runs were made at.
        students (tuple[str], optional): Of the preset (default: all); the
            first is the one searched on.
        seeds (tuple[int]): Seeds of the report; the first is the search's.
        pinned (dict): cfg options of every Stage III run.
        space (dict): The search space.
        report_kinds (tuple[str]): The report's kinds of run.
    """
    preset: str
    what: str
    commit: str
    students: Optional[Tuple[str, ...]] = None
    seeds: Tuple[int, ...] = (0, 1, 2)
    pinned: Dict = field(default_factory=dict)
    space: Dict = field(default_factory=lambda: SEARCH_SPACE)
    report_kinds: Tuple[str, ...] = REPORT_KINDS


@dataclass(frozen=True)
class Pilot:
    """A pilot study (:class:`pointcmt_lab.PilotStudy`): variants x seeds,
    each paired with its vanilla, selected on val.

    Args:
        preset (str): The pipeline preset; the variants train the first
            student's PointCMT config.
        what (str): What it measures (the summary's first line).
        commit (str): The commit its committed runs were made at.
        variants (dict): ``name -> Variant``; the first is the base vanilla.
            When every variant switches every cross-modal term off, no
            Stage I/II is trained for it.
        students (tuple[str], optional): Of the preset (default: all); the
            first is the one trained.
        seeds (tuple[int]): Seeds of every variant.
        cfg_options (dict): The setting it measures in, on every Stage III
            run (recorded in the summary).
        pinned (dict): Former settings, on every Stage III run.
        stage_options (dict): cfg options of every stage (Stage I, II, the
            feature cache and Stage III), e.g. a smaller training split.
    """
    preset: str
    what: str
    commit: str
    variants: Dict[str, Variant]
    students: Optional[Tuple[str, ...]] = None
    seeds: Tuple[int, ...] = (0, 1, 2)
    cfg_options: Dict = field(default_factory=dict)
    pinned: Dict = field(default_factory=dict)
    stage_options: Dict = field(default_factory=dict)


@dataclass(frozen=True)
class Record:
    """A study kept as a record: its committed results, the command that
    made them and the commit that command needs (it used code that has
    since been removed, or a tool's options rather than a declaration).

    Args:
        what (str): One line: what it measured.
        commit (str): The commit to check out to re-run it.
        command (str): The command that made the results, at ``commit``.
    """
    what: str
    commit: str
    command: str


__all__ = ['Pilot', 'Record', 'Recipe', 'Variant']
