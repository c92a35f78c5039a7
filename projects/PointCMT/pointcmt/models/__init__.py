from . import (backbones, classifiers, data_preprocessors, distillers,
               generators, heads, layers, losses, necks, teachers)
from .base_model import PointCMTBaseModel
from .frozen_modules import FrozenModulesMixin, build_frozen
from .teacher_fed_model import TEACHER_FEAT_SOURCES, TeacherFedModel

__all__ = [
    'backbones', 'classifiers', 'data_preprocessors', 'distillers',
    'generators', 'heads', 'layers', 'losses', 'necks', 'teachers',
    'PointCMTBaseModel', 'FrozenModulesMixin', 'build_frozen',
    'TeacherFedModel', 'TEACHER_FEAT_SOURCES'
]
