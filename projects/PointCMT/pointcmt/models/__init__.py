from . import (backbones, classifiers, data_preprocessors, distillers,
               generators, heads, losses, necks, teachers)
from .base_model import PointCMTBaseModel
from .frozen_modules import FrozenModulesMixin, build_frozen

__all__ = [
    'backbones', 'classifiers', 'data_preprocessors', 'distillers',
    'generators', 'heads', 'losses', 'necks', 'teachers',
    'PointCMTBaseModel', 'FrozenModulesMixin', 'build_frozen'
]
