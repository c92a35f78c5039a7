"""Recipes built from the package's parts: training and test runs, teacher
features, student export, the end-to-end pipeline and the recipe study.
"""
from .config_text import resolved_config_text
from .export import export_student
from .pipeline import Pipeline, results_table, seed_stats
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
    'best_checkpoint', 'build_runner', 'export_student',
    'extract_teacher_features', 'first_candidates', 'last_epoch_health',
    'LAUNCHERS', 'load_run_cfg', 'Pipeline', 'PIPELINE_PRESETS',
    'PipelinePreset', 'RecipeStudy', 'REFERENCE_RECIPE', 'REPORT_KINDS',
    'resolved_config_text', 'results_table', 'run_study', 'run_test',
    'run_train', 'SEARCH_SPACE', 'seed_stats', 'select_on_val',
    'split_dataset_cfg', 'SPLITS', 'stage3_cfg_options', 'study_tables',
    'SYNC_BN_MODES', 'train_and_select', 'VANILLA_OPTIONS'
]
