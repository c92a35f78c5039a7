"""Run-level helpers: checkpoint I/O, runner settings, voting, progress."""
from .checkpoint import (check_state_dict, extract_student_checkpoint,
                         get_state_dict, load_checkpoint_file,
                         load_weights_strict, torch_load_cpu)
from .checkpoint_safe_globals import register_checkpoint_safe_globals
from .progress import LineProgress, track_progress
from .runner_cfg import prepare_runner_cfg
from .voting import apply_voting_cfg

__all__ = [
    'apply_voting_cfg', 'check_state_dict', 'extract_student_checkpoint',
    'get_state_dict', 'load_checkpoint_file', 'load_weights_strict',
    'LineProgress', 'prepare_runner_cfg', 'register_checkpoint_safe_globals',
    'torch_load_cpu', 'track_progress'
]
