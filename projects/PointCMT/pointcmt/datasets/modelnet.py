"""ModelNet-style datasets stored as one file per shape."""
import os
from collections import Counter
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from mmdet3d.registry import DATASETS

from .annotation import AnnotatedSplitDataset
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


@DATASETS.register_module()
class ModelNetDataset(AnnotatedSplitDataset):
    """Shapes in ``<data_root>/<class>/<train|test>/<name>.<suffix>``, or the
    annotation file ``tools/create_data.py modelnet-folder`` wrote for them.

    Data list entries: ``dict(pts_path=str, gt_label=int, sample_idx=int)``;
    a pipeline starting with ``LoadPointsFromShapeFile`` reads the points.
    ``self.metainfo['classes']`` holds the class names in label order.

    Args:
        data_root (str, optional): Folder with one sub-folder per class
            (required without ``ann_file``; with it, the base of the file's
            relative paths).
        ann_file (str): Annotation file (``modelnet_infos_<split>.pkl``);
            when given, the data list and classes come from it.
        split (str, optional): ``'train'``, ``'val'``, ``'trainval'`` or
            ``'test'``. ``'trainval'`` is the official train split; ``'val'``
            is a deterministic stratified ``val_fraction`` of it (at least
            one shape per class with two or more shapes, see
            :func:`carve_val_class`) and ``'train'`` the rest. ``'test'`` is
            the official test split. Defaults to ``'train'`` (or the
            annotation file's split).
        classes (Sequence[str], optional): Classes to use, in label order.
            Defaults to every class folder, sorted (or the annotation
            file's classes, which it must then equal).
        val_fraction (float): Fraction of each class held out for 'val'.
        split_seed (int): Seed of the validation draw.
        max_samples_per_class (int, optional): Keep the first N shapes of
            each class (sorted by name), for quick runs.
        file_suffixes (Sequence[str]): Shape file suffixes to list.
        **kwargs: Passed to :class:`AnnotatedSplitDataset` (``pipeline``,
            ``test_mode``, ...).
    """

    DATASET_NAME = 'modelnet_folder'

    def __init__(self,
                 data_root: Optional[str] = None,
                 ann_file: str = '',
                 split: Optional[str] = None,
                 classes: Optional[Sequence[str]] = None,
                 max_samples_per_class: Optional[int] = None,
                 file_suffixes: Sequence[str] = SUPPORTED_SUFFIXES,
                 **kwargs) -> None:
        if max_samples_per_class is not None and max_samples_per_class <= 0:
            raise ValueError('max_samples_per_class must be positive, got '
                             f'{max_samples_per_class}')
        self.max_samples_per_class = max_samples_per_class
        self.file_suffixes = tuple(s.lower() for s in file_suffixes)
        self.requested_classes = None if classes is None else tuple(classes)
        super().__init__(
            data_root=data_root, ann_file=ann_file, split=split, **kwargs)

    def source_classes(self, data_root: Optional[str]) -> Tuple[str, ...]:
        """Class names in label order, checked against the class folders."""
        root = Path(data_root or '')
        if not data_root or not root.is_dir():
            raise FileNotFoundError(f'ModelNetDataset: data_root {root} is '
                                    'not a folder; expected '
                                    '<data_root>/<class>/<train|test>/')
        available = _list_class_dirs(root)
        if not available:
            raise ValueError(f'ModelNetDataset: data_root {root} has no '
                             'class folders')
        classes = self.requested_classes or tuple(available)
        unknown = [name for name in classes if name not in available]
        if unknown or len(set(classes)) != len(classes):
            raise ValueError(f'ModelNetDataset: classes {list(classes)} must '
                             f'be distinct folders of {root}; unknown: '
                             f'{unknown}')
        return classes

    def load_source_list(self, official_split: str) -> List[dict]:
        """List the shape files of the official split, class by class."""
        data_list = []
        for label, name in enumerate(self._metainfo['classes']):
            folder = Path(self.data_root, name, official_split)
            if not folder.is_dir():
                raise FileNotFoundError(
                    f"ModelNetDataset: class '{name}' has no "
                    f"'{official_split}' folder (expected {folder})")
            paths = _list_shapes(folder, self.file_suffixes)
            if not paths:
                raise ValueError(f'ModelNetDataset: {folder} has no shape '
                                 f'files with suffixes {self.file_suffixes}')
            data_list += [dict(pts_path=p, gt_label=label) for p in paths]
        return data_list

    def load_data_list(self) -> List[dict]:
        """The split's entries, at most ``max_samples_per_class`` each."""
        data_list = super().load_data_list()
        classes = self._metainfo['classes']
        if self.ann_file and self.requested_classes not in (None, classes):
            raise ValueError(
                f'ModelNetDataset: classes {list(self.requested_classes)} '
                f'differ from those of {self.ann_file}: {list(classes)}')
        if self.max_samples_per_class is not None:
            seen = Counter()
            kept = []
            for info in data_list:
                seen[info['gt_label']] += 1
                if seen[info['gt_label']] <= self.max_samples_per_class:
                    kept.append(info)
            data_list = kept
            for idx, info in enumerate(data_list):
                info['sample_idx'] = idx
        return data_list


@DATASETS.register_module()
class ModelNet10Dataset(ModelNetDataset):
    """:class:`ModelNetDataset` restricted to the 10 ModelNet10 classes
    (:data:`MODELNET10_CLASSES`), e.g. on a ModelNet40 folder."""

    def __init__(self, data_root: Optional[str] = None, **kwargs) -> None:
        if not kwargs.get('ann_file'):
            kwargs.setdefault('classes', MODELNET10_CLASSES)
        super().__init__(data_root, **kwargs)
