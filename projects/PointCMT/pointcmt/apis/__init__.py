"""Recipes built from the package's parts: training and test runs, teacher
features, student export, the end-to-end pipeline and the recipe study.
"""
from .config_text import resolved_config_text
from .export import export_student
from .pipeline import Pipeline, results_table
from .pipeline_presets import PIPELINE_PRESETS, PipelinePreset
from .recipes import (REFERENCE_RECIPE, SEARCH_SPACE, VANILLA_OPTIONS,
                      first_candidates, stage3_cfg_options)
from .runs import (LAUNCHERS, SYNC_BN_MODES, best_checkpoint, build_runner,
                   load_run_cfg, run_test, run_train, train_and_select)
from .study import (REPORT_KINDS, RecipeStudy, last_epoch_health, run_study,
                    select_on_val, study_tables)
from .teacher_features import (SPLITS, extract_teacher_features,
                               split_dataset_cfg)

__all__ = [
    'export_student', 'Pipeline', 'results_table', 'PIPELINE_PRESETS',
    'PipelinePreset', 'REFERENCE_RECIPE', 'SEARCH_SPACE', 'VANILLA_OPTIONS',
    'first_candidates', 'stage3_cfg_options', 'LAUNCHERS', 'SYNC_BN_MODES',
    'best_checkpoint', 'build_runner', 'load_run_cfg', 'run_test',
    'run_train', 'train_and_select', 'RecipeStudy', 'last_epoch_health',
    'run_study', 'select_on_val', 'study_tables', 'SPLITS', 'REPORT_KINDS',
    'extract_teacher_features', 'split_dataset_cfg', 'resolved_config_text'
]
