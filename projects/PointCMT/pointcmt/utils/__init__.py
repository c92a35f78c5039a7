"""Checkpoint helpers and the frozen-module holder."""
from .checkpoint import (check_state_dict, extract_student_checkpoint,
                         get_state_dict, load_checkpoint_file,
                         load_weights_strict)
from .frozen import FrozenModulesMixin, build_frozen

__all__ = [
    'FrozenModulesMixin', 'build_frozen', 'check_state_dict',
    'extract_student_checkpoint', 'get_state_dict', 'load_checkpoint_file',
    'load_weights_strict'
]
