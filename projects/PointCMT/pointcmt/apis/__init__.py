"""What the tools run on the plugin's parts: training and test runs, teacher
features, student export, the resolved config text.

Not imported by ``import pointcmt``: the tools import it.
"""
from .config_text import resolved_config_text
from .export import export_student
from .runs import (LAUNCHERS, SYNC_BN_MODES, best_checkpoint, build_runner,
                   load_run_cfg, run_test, run_train, train_and_select)
from .teacher_features import (SPLITS, extract_teacher_features,
                               split_dataset_cfg)

__all__ = [
    'best_checkpoint', 'build_runner', 'export_student',
    'extract_teacher_features', 'LAUNCHERS', 'load_run_cfg',
    'resolved_config_text', 'run_test', 'run_train', 'split_dataset_cfg',
    'SPLITS', 'SYNC_BN_MODES', 'train_and_select'
]
