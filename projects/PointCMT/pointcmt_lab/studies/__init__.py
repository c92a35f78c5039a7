"""Every study of the project, declared once as data (by name), run by
:func:`pointcmt_lab.run_study` (``tools/run_study.py NAME``); results and
narrative in ``docs/studies/<name>/`` and ``docs/studies/<name>.md``."""
from typing import Dict, Union

from ..declarations import Pilot, Recipe, Record
from . import (augmentation, converged, hint, modelnet40_cpu, pointmlp_elite,
               synthetic)
from .records import RECORDS

STUDIES: Dict[str, Union[Recipe, Pilot, Record]] = {
    'modelnet40-cpu': modelnet40_cpu.STUDY,
    'synthetic': synthetic.STUDY,
    'hint': hint.STUDY,
    'converged': converged.STUDY,
    'augmentation': augmentation.STUDY,
    'pointmlp-elite': pointmlp_elite.STUDY,
    **RECORDS,
}

__all__ = ['STUDIES']
