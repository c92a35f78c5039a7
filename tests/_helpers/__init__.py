"""Helpers shared by several test files (importable: tests/ is on sys.path
through the rootdir ``conftest.py``)."""
from .config_step import check_one_step, train_config_one_step
from .cpu import cpu_env
from .stage3 import (fake_stage3_options, wire_stage3_inputs,
                     write_stage3_inputs, write_teacher_ckpt)
from .teacher import tiny_teacher_cfg
from .tiny_runs import REPO, SHARED_DATA, TINY_RUN_OPTIONS, tiny_run_args

__all__ = [
    'check_one_step',     'REPO', 'SHARED_DATA', 'TINY_RUN_OPTIONS', 'cpu_env',
    'fake_stage3_options', 'tiny_run_args', 'tiny_teacher_cfg',
    'train_config_one_step', 'wire_stage3_inputs', 'write_stage3_inputs',
    'write_teacher_ckpt'
]
