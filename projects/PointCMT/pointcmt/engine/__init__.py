from .checkpoint_safe_globals import register_checkpoint_safe_globals
from .runner_cfg import prepare_runner_cfg
from .voting import apply_voting_cfg

__all__ = [
    'apply_voting_cfg', 'register_checkpoint_safe_globals',
    'prepare_runner_cfg'
]
