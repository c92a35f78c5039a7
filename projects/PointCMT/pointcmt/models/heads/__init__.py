from .cls_head import PointClsHead

__all__ = ['PointClsHead']
