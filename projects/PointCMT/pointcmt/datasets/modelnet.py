"""ModelNet-style datasets stored as one file per shape."""
import os
import zlib
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import numpy as np
from mmdet3d.registry import DATASETS
from mmengine.dataset import BaseDataset

from .readers import SUPPORTED_SUFFIXES

__all__ = ['ModelNetDataset', 'ModelNet10Dataset', 'MODELNET10_CLASSES']

MODELNET10_CLASSES = ('bathtub', 'bed', 'chair', 'desk', 'dresser', 'monitor',
                      'night_stand', 'sofa', 'table', 'toilet')


def _list_class_dirs(root: Path) -> List[str]:
    return sorted(
        entry.name for entry in os.scandir(root)
        if entry.is_dir() and not entry.name.startswith('.'))


def _list_shapes(folder: Path, suffixes: Sequence[str]) -> List[str]:
    """Sorted shape file paths in ``folder``; one file per shape name."""
    by_stem: Dict[str, str] = {}
    for entry in os.scandir(folder):
        stem, suffix = os.path.splitext(entry.name)
        if suffix.lower() not in suffixes or not entry.is_file():
            continue
        if stem in by_stem:
            raise ValueError(
                f'{folder}: both {by_stem[stem]} and {entry.path} exist; '
                'pass file_suffixes with a single suffix to choose')
        by_stem[stem] = entry.path
    return [by_stem[stem] for stem in sorted(by_stem)]


def _carve_val(num: int, class_name: str, fraction: float,
               seed: int) -> np.ndarray:
    """Boolean mask of the validation part of one class's train files.

    The draw is seeded by ``seed`` and the class name, so it does not depend
    on which other classes are selected.
    """
    num_val = int(round(fraction * num))
    if num >= 2:
        num_val = min(max(num_val, 1), num - 1)
    rng = np.random.default_rng([seed, zlib.crc32(class_name.encode())])
    mask = np.zeros(num, dtype=bool)
    mask[rng.permutation(num)[:num_val]] = True
    return mask


@DATASETS.register_module()
class ModelNetDataset(BaseDataset):
    """Shapes in ``<data_root>/<class>/<train|test>/<name>.<suffix>``.

    Data list entries: ``dict(pts_path=str, gt_label=int, sample_idx=int)``;
    a pipeline starting with ``LoadPointsFromShapeFile`` reads the points.
    ``self.metainfo['classes']`` holds the class names in label order.

    Args:
        data_root (str): Folder with one sub-folder per class.
        split (str): ``'train'``, ``'val'``, ``'trainval'`` or ``'test'``.
            ``'trainval'`` is the official train split; ``'val'`` is a
            deterministic stratified ``val_fraction`` of it (at least one
            shape per class with two or more shapes) and ``'train'`` the
            rest. ``'test'`` is the official test split.
        classes (Sequence[str], optional): Classes to use, in label order.
            Defaults to every class folder, sorted.
        val_fraction (float): Fraction of each class held out for 'val'.
        split_seed (int): Seed of the validation draw.
        max_samples_per_class (int, optional): Keep the first N shapes of
            each class (sorted by name), for quick runs.
        file_suffixes (Sequence[str]): Shape file suffixes to list.
        pipeline (list): Transform configs.
        test_mode (bool): See :class:`mmengine.dataset.BaseDataset`.
        **kwargs: Passed to :class:`mmengine.dataset.BaseDataset`.
    """

    SPLITS = ('train', 'val', 'trainval', 'test')

    def __init__(self,
                 data_root: str,
                 split: str = 'train',
                 classes: Optional[Sequence[str]] = None,
                 val_fraction: float = 0.1,
                 split_seed: int = 0,
                 max_samples_per_class: Optional[int] = None,
                 file_suffixes: Sequence[str] = SUPPORTED_SUFFIXES,
                 pipeline: Sequence = (),
                 test_mode: bool = False,
                 **kwargs) -> None:
        if split not in self.SPLITS:
            raise ValueError(f'split must be one of {self.SPLITS}, got '
                             f'{split!r}')
        if not 0 < val_fraction < 1:
            raise ValueError(f'val_fraction must be in (0, 1), got '
                             f'{val_fraction}')
        if max_samples_per_class is not None and max_samples_per_class <= 0:
            raise ValueError('max_samples_per_class must be positive, got '
                             f'{max_samples_per_class}')
        self.split = split
        self.val_fraction = val_fraction
        self.split_seed = split_seed
        self.max_samples_per_class = max_samples_per_class
        self.file_suffixes = tuple(s.lower() for s in file_suffixes)
        root = Path(data_root)
        if not root.is_dir():
            raise FileNotFoundError(f'ModelNetDataset: data_root {root} is '
                                    'not a folder; expected '
                                    '<data_root>/<class>/<train|test>/')
        available = _list_class_dirs(root)
        if not available:
            raise ValueError(f'ModelNetDataset: data_root {root} has no '
                             'class folders')
        classes = tuple(available if classes is None else classes)
        unknown = [name for name in classes if name not in available]
        if unknown or not classes or len(set(classes)) != len(classes):
            raise ValueError(f'ModelNetDataset: classes {list(classes)} must '
                             f'be distinct folders of {root}; unknown: '
                             f'{unknown}')
        metainfo = dict(kwargs.pop('metainfo', None) or {}, classes=classes)
        super().__init__(
            data_root=str(root),
            metainfo=metainfo,
            pipeline=list(pipeline),
            test_mode=test_mode,
            **kwargs)

    def load_data_list(self) -> List[dict]:
        """List the shape files of the split, class by class."""
        folder_name = 'test' if self.split == 'test' else 'train'
        data_list = []
        for label, name in enumerate(self.metainfo['classes']):
            folder = Path(self.data_root, name, folder_name)
            if not folder.is_dir():
                raise FileNotFoundError(
                    f"ModelNetDataset: class '{name}' has no '{folder_name}' "
                    f'folder (expected {folder})')
            paths = _list_shapes(folder, self.file_suffixes)
            if not paths:
                raise ValueError(f'ModelNetDataset: {folder} has no shape '
                                 f'files with suffixes {self.file_suffixes}')
            if self.split in ('train', 'val'):
                is_val = _carve_val(
                    len(paths), name, self.val_fraction, self.split_seed)
                keep = is_val if self.split == 'val' else ~is_val
                paths = [p for p, k in zip(paths, keep) if k]
            data_list += [
                dict(pts_path=p, gt_label=label)
                for p in paths[:self.max_samples_per_class]
            ]
        for idx, info in enumerate(data_list):
            info['sample_idx'] = idx
        return data_list

    def get_cat_ids(self, idx: int) -> List[int]:
        """Category of a sample, for class-balanced wrappers."""
        return [self.get_data_info(idx)['gt_label']]


@DATASETS.register_module()
class ModelNet10Dataset(ModelNetDataset):
    """:class:`ModelNetDataset` restricted to the 10 ModelNet10 classes
    (:data:`MODELNET10_CLASSES`), e.g. on a ModelNet40 folder."""

    def __init__(self, data_root: str, **kwargs) -> None:
        kwargs.setdefault('classes', MODELNET10_CLASSES)
        super().__init__(data_root, **kwargs)
