from .point_cls_data_preprocessor import PointClsDataPreprocessor

__all__ = ['PointClsDataPreprocessor']
