from .base_classifier import BaseClassifier
from .point_classifier import PointClassifier
from .point_cls_tta_model import PointClsTTAModel

__all__ = ['BaseClassifier', 'PointClassifier', 'PointClsTTAModel']
