from .pointmlp import PointMLP
from .pointnet import PointNetBackbone

__all__ = ['PointMLP', 'PointNetBackbone']
