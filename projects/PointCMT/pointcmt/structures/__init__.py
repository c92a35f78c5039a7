from .cls_data_sample import PointClsDataSample

__all__ = ['PointClsDataSample']
