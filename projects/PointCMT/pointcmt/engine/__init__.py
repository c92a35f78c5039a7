from .checkpoint_safe_globals import register_checkpoint_safe_globals
from .runner_cfg import prepare_runner_cfg

__all__ = ['register_checkpoint_safe_globals', 'prepare_runner_cfg']
