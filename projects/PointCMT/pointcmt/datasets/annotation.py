"""Split selection and annotation files shared by the real-format datasets
and :func:`pointcmt.datasets.create_annotations`.

An annotation file (``.pkl`` or ``.json``, read with :func:`mmengine.load`)
follows mmengine's ``BaseDataset`` convention::

    {'metainfo': {'classes': [...], 'dataset': 'modelnet_h5', 'split': 'test',
                  'source_root': '/abs/path', 'version': '1.0', ...},
     'data_list': [{'pts_path': 'airplane/airplane_0001.txt',
                    'gt_label': 0, 'sample_idx': 0},            # file sources
                   {'h5_path': 'ply_data_test0.h5', 'h5_index': 3,
                    'gt_label': 7, 'sample_idx': 1}, ...]}      # HDF5 sources

Paths in ``data_list`` are relative to the source root: the dataset's
``data_root`` if given, else ``metainfo['source_root']``.
"""
import zlib
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np
from mmengine.dataset import BaseDataset
from mmengine.fileio import dump, load

from pointcmt.engine import track_progress

__all__ = [
    'ANNOTATION_VERSION', 'SPLITS', 'carve_val_class', 'carve_val_mask',
    'AnnotatedSplitDataset', 'dataset_to_annotation', 'write_annotation'
]

ANNOTATION_VERSION = '1.0'
SPLITS = ('train', 'val', 'trainval', 'test')
_PATH_KEYS = ('pts_path', 'h5_path')


def carve_val_class(num: int, class_name: str, fraction: float,
                    seed: int) -> np.ndarray:
    """Validation part of one class's ``num`` official train samples.

    ``round(fraction * num)`` samples, at least one and at most ``num - 1``
    when ``num >= 2``; the draw is seeded by ``seed`` and the class name, so
    it does not depend on which other classes are selected.

    Returns:
        np.ndarray: ``(num,)`` bool, True for the 'val' samples.
    """
    num_val = int(round(fraction * num))
    if num >= 2:
        num_val = min(max(num_val, 1), num - 1)
    rng = np.random.default_rng([seed, zlib.crc32(class_name.encode())])
    mask = np.zeros(num, dtype=bool)
    mask[rng.permutation(num)[:num_val]] = True
    return mask


def carve_val_mask(labels: np.ndarray, classes: Sequence[str],
                   val_fraction: float, seed: int) -> np.ndarray:
    """Stratified validation mask over the official train split.

    Uses :func:`carve_val_class` per class, so a class's carve depends only
    on its name, its sample count, ``val_fraction`` and ``seed``.

    Args:
        labels (np.ndarray): ``(M,)`` int labels of the train samples, in
            data-list order.
        classes (Sequence[str]): Class names in label order.
        val_fraction (float): Fraction of each class held out.
        seed (int): Seed of the draw.

    Returns:
        np.ndarray: ``(M,)`` bool, True for the 'val' samples.
    """
    is_val = np.zeros(len(labels), dtype=bool)
    for label, name in enumerate(classes):
        rows = np.flatnonzero(labels == label)
        is_val[rows[carve_val_class(len(rows), name, val_fraction,
                                    seed)]] = True
    return is_val


class AnnotatedSplitDataset(BaseDataset):
    """Base of datasets read either from their source files or from an
    annotation file written by ``tools/create_data.py``.

    Subclasses set ``DATASET_NAME`` (``metainfo['dataset']``) and implement
    :meth:`source_classes` (``metainfo['classes']`` when reading the source)
    and :meth:`load_source_list` (the official ``'train'`` or ``'test'``
    list, entries with ``gt_label``). :meth:`attach_points` may add in-memory
    points to entries read from an annotation file.

    Args:
        data_root (str, optional): Source root. Required without
            ``ann_file``; with it, overrides ``metainfo['source_root']`` as
            the base of relative paths.
        ann_file (str): Annotation file; when given, the data list comes
            from it (``split`` must match its ``metainfo['split']`` if
            given, ``val_fraction``/``split_seed`` are not used). A relative
            path is joined with ``data_root`` (mmengine's convention).
        split (str, optional): ``'train'``, ``'val'``, ``'trainval'`` or
            ``'test'``; see :class:`ModelNetDataset`. Defaults to
            ``'train'`` (or the annotation file's split).
        val_fraction (float): Fraction of each class held out for 'val'.
        split_seed (int): Seed of the validation draw.
        source_options (dict): Source options (e.g. ``variant``), keys of
            :attr:`SOURCE_CHOICES`, stored in ``metainfo``; ``None`` takes
            the default without ``ann_file`` and the file's value with it;
            with ``ann_file``, non-None ones must match it.
        **kwargs: Passed to :class:`mmengine.dataset.BaseDataset`.
    """

    DATASET_NAME = ''
    #: ``option -> (allowed values, default)`` of the source options.
    SOURCE_CHOICES: Dict[str, Tuple[Sequence, Any]] = {}

    def __init__(self,
                 data_root: Optional[str] = None,
                 ann_file: str = '',
                 split: Optional[str] = None,
                 val_fraction: float = 0.1,
                 split_seed: int = 0,
                 source_options: Optional[dict] = None,
                 **kwargs) -> None:
        name = type(self).__name__
        self.source_options = {}
        for key, value in (source_options or {}).items():
            choices, default = self.SOURCE_CHOICES[key]
            if value is None and not ann_file:
                value = default
            if value is not None and value not in choices:
                raise ValueError(f'{name}: {key} must be one of '
                                 f'{tuple(choices)}, got {value!r}')
            self.source_options[key] = value
        metainfo = dict(kwargs.pop('metainfo', None) or {})
        if not ann_file:
            metainfo['classes'] = self.source_classes(data_root)
        if split is not None and split not in SPLITS:
            raise ValueError(f'{name}: split must be one of {SPLITS}, got '
                             f'{split!r}')
        if not 0 < val_fraction < 1:
            raise ValueError(f'{name}: val_fraction must be in (0, 1), got '
                             f'{val_fraction}')
        if not ann_file and not data_root:
            raise ValueError(f'{name}: give data_root (the source folder) or '
                             'ann_file (from tools/create_data.py)')
        self.split = split if split is not None or ann_file else 'train'
        self.val_fraction = val_fraction
        self.split_seed = split_seed
        if not ann_file:
            metainfo.update(self.source_options, dataset=self.DATASET_NAME)
        super().__init__(
            ann_file=ann_file,
            data_root=data_root or '',
            metainfo=metainfo,
            **kwargs)

    def source_classes(self, data_root: Optional[str]) -> Sequence[str]:
        """Class names of the source in label order (without ``ann_file``).

        Called first in ``__init__``, after :attr:`source_options` is set.

        Args:
            data_root (str, optional): The ``data_root`` argument.

        Returns:
            Sequence[str]: ``metainfo['classes']``.
        """
        raise NotImplementedError

    def load_source_list(self, official_split: str) -> List[dict]:
        """Entries of the official ``'train'`` or ``'test'`` split."""
        raise NotImplementedError

    def attach_points(self, data_list: List[dict]) -> List[dict]:
        """Complete entries read from an annotation file (default: as is)."""
        return data_list

    def load_data_list(self) -> List[dict]:
        """Read the split from the source or from ``ann_file``."""
        if self.ann_file:
            data_list = super().load_data_list()
            self._check_annotation_metainfo()
            data_list = self.attach_points(data_list)
        else:
            official = 'test' if self.split == 'test' else 'train'
            data_list = self.load_source_list(official)
            if self.split in ('train', 'val'):
                labels = np.array([info['gt_label'] for info in data_list])
                is_val = carve_val_mask(labels, self._metainfo['classes'],
                                        self.val_fraction, self.split_seed)
                keep = is_val if self.split == 'val' else ~is_val
                data_list = [d for d, k in zip(data_list, keep) if k]
        for idx, info in enumerate(data_list):
            info['sample_idx'] = idx
        return data_list

    def _check_annotation_metainfo(self) -> None:
        meta, name = self._metainfo, type(self).__name__
        expected = dict(
            self.source_options,
            dataset=self.DATASET_NAME,
            version=ANNOTATION_VERSION,
            split=self.split)
        for key, value in expected.items():
            if value is not None and meta.get(key) != value:
                raise ValueError(
                    f'{name}: annotation file {self.ann_file} has '
                    f"metainfo['{key}']={meta.get(key)!r}, expected "
                    f'{value!r}')
        if not meta.get('classes'):
            raise ValueError(f'{name}: annotation file {self.ann_file} has '
                             "no metainfo['classes']")
        self._metainfo['classes'] = tuple(meta['classes'])
        self.split = meta['split']

    def parse_data_info(self, raw_data_info: dict) -> dict:
        """Make the relative paths of an annotation entry absolute."""
        root = self.data_root or self._metainfo.get('source_root')
        info = dict(raw_data_info)
        for key in _PATH_KEYS:
            if key in info:
                if not root:
                    raise ValueError(
                        f'{type(self).__name__}: {self.ann_file} has relative '
                        f"'{key}' entries but no metainfo['source_root']; "
                        'pass data_root')
                info[key] = str(Path(root, info[key]))
        return info

    def get_cat_ids(self, idx: int) -> List[int]:
        """Category of a sample, for class-balanced wrappers."""
        return [self.get_data_info(idx)['gt_label']]


def dataset_to_annotation(dataset: BaseDataset, dataset_name: str,
                          source_root: str, **meta_options) -> dict:
    """Annotation dict of a fully initialised dataset.

    Args:
        dataset (BaseDataset): Entries carry ``gt_label`` and either
            ``pts_path`` or ``h5_path`` + ``h5_index`` under ``source_root``.
        dataset_name (str): ``metainfo['dataset']``.
        source_root (str): Root the stored paths are made relative to.
        **meta_options: Extra metainfo (split, variant, ...).

    Returns:
        dict: ``dict(metainfo=..., data_list=...)``.
    """
    root = Path(source_root).resolve()
    data_list = []
    for idx in track_progress(range(len(dataset)), desc=dataset_name):
        info = dataset.get_data_info(idx)
        entry = dict(gt_label=int(info['gt_label']), sample_idx=idx)
        if 'h5_path' in info:
            entry['h5_index'] = int(info['h5_index'])
        keys = [key for key in _PATH_KEYS if key in info]
        if len(keys) != 1:
            raise ValueError(f'{dataset_name}: entry {idx} needs exactly one '
                             f'of {_PATH_KEYS}, got keys {sorted(info)}')
        path = Path(info[keys[0]]).resolve()
        if root not in path.parents:
            raise ValueError(f'{dataset_name}: {path} is not under the '
                             f'source root {root}')
        entry[keys[0]] = path.relative_to(root).as_posix()
        data_list.append(entry)
    metainfo = dict(
        meta_options,
        classes=list(dataset.metainfo['classes']),
        dataset=dataset_name,
        source_root=str(root),
        version=ANNOTATION_VERSION)
    return dict(metainfo=metainfo, data_list=data_list)


def write_annotation(annotation: dict,
                     out_file: str,
                     force: bool = False) -> str:
    """Write ``annotation`` unless the file already holds it.

    Args:
        annotation (dict): From :func:`dataset_to_annotation`.
        out_file (str): ``.pkl`` or ``.json`` path.
        force (bool): Rewrite even if the file exists.

    Returns:
        str: ``'written'`` or ``'unchanged'`` (same content already there).
    """
    path = Path(out_file)
    if path.exists() and not force:
        if load(str(path)) == annotation:
            return 'unchanged'
        raise ValueError(f'{path} exists with different content; pass '
                         '--force (force=True) to rewrite it')
    path.parent.mkdir(parents=True, exist_ok=True)
    dump(annotation, str(path))
    return 'written'
