from . import transforms
from .modelnet import MODELNET10_CLASSES, ModelNet10Dataset, ModelNetDataset
from .readers import SUPPORTED_SUFFIXES, load_points, sample_mesh_surface
from .synthetic_shapes import SyntheticShapesDataset

__all__ = [
    'transforms', 'load_points', 'sample_mesh_surface', 'SUPPORTED_SUFFIXES',
    'ModelNetDataset', 'ModelNet10Dataset', 'MODELNET10_CLASSES',
    'SyntheticShapesDataset'
]
