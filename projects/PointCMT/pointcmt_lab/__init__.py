"""The lab beside the PointCMT plugin: what produced the project's results.

The three-stage main job (:class:`Pipeline`, its presets), the recipe study
(its search spaces and driver), the benchmarks and the figures. The tools
import it; ``custom_imports=dict(imports=['pointcmt'])`` never does, so a user
who adopts the plugin loads none of it.
"""
from .pipeline import Pipeline, results_table, seed_stats
from .presets import PIPELINE_PRESETS, PipelinePreset
from .recipes import (REFERENCE_RECIPE, SEARCH_SPACE, VANILLA_OPTIONS,
                      first_candidates, stage3_cfg_options)
from .study import (REPORT_KINDS, RecipeStudy, last_epoch_health, run_study,
                    select_on_val, study_tables)

__all__ = [
    'first_candidates', 'last_epoch_health', 'Pipeline', 'PIPELINE_PRESETS',
    'PipelinePreset', 'RecipeStudy', 'REFERENCE_RECIPE', 'REPORT_KINDS',
    'results_table', 'run_study', 'SEARCH_SPACE', 'seed_stats',
    'select_on_val', 'stage3_cfg_options', 'study_tables', 'VANILLA_OPTIONS'
]
