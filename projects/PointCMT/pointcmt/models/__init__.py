from . import (backbones, classifiers, data_preprocessors, distillers,
               generators, heads, layers, losses, necks, teachers)
from .base_model import PointCMTBaseModel
from .frozen_modules import FrozenModulesMixin, build_frozen
from .teacher_feature_cache import (TeacherFeatureCache, file_sha256,
                                    save_teacher_feature_cache)
from .teacher_fed_model import TeacherFedModel

__all__ = [
    'backbones', 'classifiers', 'data_preprocessors', 'distillers',
    'generators', 'heads', 'layers', 'losses', 'necks', 'teachers',
    'PointCMTBaseModel', 'FrozenModulesMixin', 'build_frozen',
    'TeacherFedModel', 'TeacherFeatureCache', 'file_sha256',
    'save_teacher_feature_cache'
]
