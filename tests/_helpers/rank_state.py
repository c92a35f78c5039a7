"""A hook that saves each process's model weights: distributed tests
compare them across ranks.

Tools load it by its import path (mmengine's registries import a dotted
``type``) with ``tests/`` on ``PYTHONPATH``, through ``--cfg-options``::

    default_hooks.rank_state.type=_helpers.rank_state.SaveRankStateHook
    default_hooks.rank_state.out_dir=DIR
"""
import os.path as osp

import torch
from mmengine.dist import get_rank
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper


class SaveRankStateHook(Hook):
    """Save the unwrapped model's parameters and buffers on this rank
    (``{'parameters': {name: tensor}, 'buffers': {name: tensor}}``) to
    ``out_dir/rank{rank}_{start,end}.pth`` before and after training.

    Args:
        out_dir (str): An existing folder.
    """

    def __init__(self, out_dir: str) -> None:
        self.out_dir = out_dir

    def before_train(self, runner) -> None:
        self._save(runner, 'start')

    def after_train(self, runner) -> None:
        self._save(runner, 'end')

    def _save(self, runner, when: str) -> None:
        model = runner.model
        if is_model_wrapper(model):
            model = model.module
        state = {
            kind: {k: v.detach().cpu().clone()
                   for k, v in getattr(model, f'named_{kind}')()}
            for kind in ('parameters', 'buffers')
        }
        torch.save(state,
                   osp.join(self.out_dir, f'rank{get_rank()}_{when}.pth'))


def rank_state_options(out_dir: str) -> list:
    """The ``--cfg-options`` words that add the hook, saving to ``out_dir``.
    """
    return [
        'default_hooks.rank_state.type=_helpers.rank_state.SaveRankStateHook',
        f'default_hooks.rank_state.out_dir={out_dir}'
    ]
