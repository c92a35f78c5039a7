"""The lab beside the PointCMT plugin: what produced the project's results.

The three-stage main job (:class:`Pipeline`, its presets), the studies
(declared as data in ``studies``, run by one driver), the benchmarks and
the figures. The tools import it; ``custom_imports=dict(imports=
['pointcmt'])`` never does, so a user who adopts the plugin loads none of
it.
"""
from .declarations import Pilot, Recipe, Record, Variant
from .driver import declared, run_study
from .pilot import PilotStudy
from .pipeline import Pipeline, results_table, seed_stats
from .presets import PIPELINE_PRESETS, PipelinePreset
from .recipes import (REFERENCE_RECIPE, SEARCH_SPACE, VANILLA_OPTIONS,
                      first_candidates, stage3_cfg_options)
from .studies import STUDIES
from .study import (REPORT_KINDS, RecipeStudy, Study, last_epoch_health,
                    select_on_val, study_tables)

__all__ = [
    'declared', 'first_candidates', 'last_epoch_health', 'Pilot',
    'PilotStudy', 'Pipeline', 'PIPELINE_PRESETS', 'PipelinePreset', 'Recipe',
    'RecipeStudy', 'Record', 'REFERENCE_RECIPE', 'REPORT_KINDS',
    'results_table', 'run_study', 'SEARCH_SPACE', 'seed_stats',
    'select_on_val', 'stage3_cfg_options', 'Study', 'STUDIES',
    'study_tables', 'VANILLA_OPTIONS', 'Variant'
]
