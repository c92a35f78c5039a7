from .multi_view_teacher import MultiViewTeacher

__all__ = ['MultiViewTeacher']
