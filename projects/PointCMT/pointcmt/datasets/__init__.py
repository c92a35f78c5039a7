from . import transforms
from .modelnet import MODELNET10_CLASSES, ModelNet10Dataset, ModelNetDataset
from .mesh_readers import MESH_SUFFIXES, load_mesh
from .readers import SUPPORTED_SUFFIXES, load_points, sample_mesh_surface
from .synthetic_shapes import SyntheticShapesDataset
from .annotation import (ANNOTATION_VERSION, AnnotatedSplitDataset,
                         carve_val_class, carve_val_mask,
                         dataset_to_annotation,
                         write_annotation)
from .h5_datasets import (SCANOBJECTNN_CLASSES, SCANOBJECTNN_VARIANTS,
                          ModelNetH5Dataset, ScanObjectNNDataset,
                          read_h5_points)
from .modelnet_normal_resampled import ModelNetNormalResampledDataset
from .create_annotations import ANNOTATION_SOURCES, create_annotations

__all__ = [
    'transforms', 'load_points', 'sample_mesh_surface', 'SUPPORTED_SUFFIXES',
    'load_mesh', 'MESH_SUFFIXES',
    'ModelNetDataset', 'ModelNet10Dataset', 'MODELNET10_CLASSES',
    'SyntheticShapesDataset', 'ANNOTATION_VERSION', 'AnnotatedSplitDataset',
    'carve_val_class', 'carve_val_mask', 'dataset_to_annotation',
    'write_annotation',
    'read_h5_points', 'ModelNetH5Dataset', 'ScanObjectNNDataset',
    'SCANOBJECTNN_CLASSES', 'SCANOBJECTNN_VARIANTS',
    'ModelNetNormalResampledDataset', 'ANNOTATION_SOURCES',
    'create_annotations'
]
