from .cls_accuracy import PointClsAccuracy
from .generator_emd_metric import GeneratorEMDMetric

__all__ = ['PointClsAccuracy', 'GeneratorEMDMetric']
