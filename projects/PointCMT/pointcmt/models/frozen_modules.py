"""Frozen sub-models kept outside the trainable module tree.

PointCMT's teacher and CMPG are frozen in Stages II and III: loaded from
their own checkpoints, in eval mode, without gradients. They are held in a
plain dict instead of being registered as submodules, so they are:

* absent from ``state_dict()`` (checkpoints hold only the trained model),
  from ``parameters()`` (the optimizer never sees them) and from
  ``init_weights()`` (a resumed run keeps the weights loaded from their
  checkpoints, since the model is rebuilt, and thus reloaded, on resume);
* still moved/cast by ``.to()``, ``.cuda()``, ``.half()`` ... through the
  :meth:`FrozenModulesMixin._apply` override;
* put back into eval mode by every ``train()`` call.
"""
from typing import Dict, Optional

from torch import nn

from mmdet3d.registry import MODELS
from pointcmt.engine import load_weights_strict


def build_frozen(cfg: dict,
                 checkpoint: Optional[str],
                 what: str,
                 prefix: str = '') -> nn.Module:
    """Build a model from config, load its checkpoint strictly, freeze it.

    Args:
        cfg (dict): Model config (built from ``MODELS``).
        checkpoint (str): Checkpoint path; required, a frozen random model
            is never what a user wants.
        what (str): Argument name for error messages (``'teacher_ckpt'``).
        prefix (str): See :func:`load_weights_strict`.

    Returns:
        nn.Module: The frozen module (eval mode, ``requires_grad=False``).
    """
    if checkpoint is None:
        raise ValueError(f'{what} is required: the frozen '
                         f'{cfg.get("type", "model")} must be loaded from a '
                         'trained checkpoint')
    module = MODELS.build(cfg)
    load_weights_strict(module, checkpoint, prefix=prefix, what=what)
    module.requires_grad_(False)
    return module.eval()


class FrozenModulesMixin:
    """Mixin for ``nn.Module`` classes holding frozen, unregistered models.

    Put it before the ``nn.Module`` base (``class M(FrozenModulesMixin,
    BaseModel)``), call :meth:`add_frozen` in ``__init__`` after
    ``super().__init__()`` and read the models with :meth:`frozen`.
    """

    def add_frozen(self, name: str, module: nn.Module) -> None:
        """Hold ``module`` frozen under ``name``."""
        if '_frozen_modules' not in self.__dict__:
            self._frozen_modules: Dict[str, nn.Module] = {}
        module.requires_grad_(False)
        self._frozen_modules[name] = module.eval()

    def frozen(self, name: str) -> Optional[nn.Module]:
        """The frozen module ``name``, or ``None`` if not held."""
        return self.__dict__.get('_frozen_modules', {}).get(name)

    def _apply(self, fn, recurse: bool = True):
        """Apply device/dtype changes to the frozen modules as well."""
        super()._apply(fn, recurse)
        for module in self.__dict__.get('_frozen_modules', {}).values():
            module._apply(fn, recurse)
        return self

    def train(self, mode: bool = True):
        """Set the train mode; frozen modules always stay in eval mode."""
        super().train(mode)
        for module in self.__dict__.get('_frozen_modules', {}).values():
            module.eval()
        return self

    def extra_repr(self) -> str:
        frozen = self.__dict__.get('_frozen_modules', {})
        return ', '.join(f'frozen {name}: {type(m).__name__}'
                         for name, m in frozen.items())


__all__ = ['build_frozen', 'FrozenModulesMixin']
