from .multi_view_teacher import MultiViewTeacher
from .teacher_feat_source import (TEACHER_FEAT_SOURCES,
                                  check_teacher_feat_source, get_teacher_feat)

__all__ = [
    'MultiViewTeacher', 'TEACHER_FEAT_SOURCES', 'check_teacher_feat_source',
    'get_teacher_feat'
]
