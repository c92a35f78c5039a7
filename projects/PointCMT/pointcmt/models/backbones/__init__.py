from .pointnet import PointNetBackbone

__all__ = ['PointNetBackbone']
