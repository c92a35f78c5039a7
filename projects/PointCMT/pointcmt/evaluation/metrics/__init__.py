from .cls_accuracy import PointClsAccuracy

__all__ = ['PointClsAccuracy']
