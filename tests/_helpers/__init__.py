"""Helpers shared by several test files (importable: tests/ is on sys.path
through the rootdir ``conftest.py``)."""
from .stage3 import stage3_cfg_options, write_stage3_inputs
from .teacher import tiny_teacher_cfg

__all__ = ['write_stage3_inputs', 'stage3_cfg_options', 'tiny_teacher_cfg']
