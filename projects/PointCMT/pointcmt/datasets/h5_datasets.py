"""Classification datasets stored as HDF5 point arrays: PointNet's
``modelnet40_ply_hdf5_2048`` and ScanObjectNN's ``h5_files``."""
import re
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import h5py
import numpy as np
from mmdet3d.registry import DATASETS

from .annotation import AnnotatedSplitDataset

__all__ = [
    'read_h5_points', 'ModelNetH5Dataset', 'ScanObjectNNDataset',
    'SCANOBJECTNN_CLASSES', 'SCANOBJECTNN_VARIANTS'
]

SCANOBJECTNN_CLASSES = ('bag', 'bin', 'box', 'cabinet', 'chair', 'desk',
                        'display', 'door', 'shelf', 'table', 'bed', 'pillow',
                        'sink', 'sofa', 'toilet')
# variant -> (folder, file name after 'training_' / 'test_')
SCANOBJECTNN_VARIANTS = {
    'OBJ_ONLY': ('main_split_nobg', 'objectdataset.h5'),
    'OBJ_BG': ('main_split', 'objectdataset.h5'),
    'PB_T50_RS': ('main_split', 'objectdataset_augmentedrot_scale75.h5'),
}


def _h5_array(h5: h5py.File, path: Path, key: str) -> np.ndarray:
    if key not in h5 or not isinstance(h5[key], h5py.Dataset):
        raise ValueError(f"{path}: missing dataset '{key}', found keys "
                         f'{sorted(h5.keys())}')
    array = h5[key][()]
    if not np.issubdtype(array.dtype, np.number):
        raise ValueError(f"{path}: dataset '{key}' must be numeric, got "
                         f'dtype {array.dtype}')
    return array


def _check_finite(array: np.ndarray, path: Path, key: str) -> None:
    bad = ~np.isfinite(array).reshape(len(array), -1).all(axis=1)
    if bad.any():
        raise ValueError(f"{path}: dataset '{key}' has NaN/Inf values in "
                         f'{int(bad.sum())} samples (first: row '
                         f'{int(np.argmax(bad))}), expected finite values')


def read_h5_points(
        path: Path,
        num_classes: int,
        normal_key: Optional[str] = None) -> Tuple[np.ndarray, np.ndarray]:
    """Read and validate one classification HDF5 file.

    Args:
        path (Path): File with datasets ``data`` ``(B, N, 3)`` and ``label``
            ``(B,)`` or ``(B, 1)`` (integer values in ``[0, num_classes)``).
        num_classes (int): Number of classes.
        normal_key (str, optional): Also read this ``(B, N, 3)`` dataset
            (e.g. ``'normal'``) and append it as channels 3-5.

    Returns:
        tuple[np.ndarray, np.ndarray]: points ``(B, N, 3 or 6)`` float32 and
        labels ``(B,)`` int64.

    Raises:
        ValueError: Missing, truncated or corrupt file, missing key, wrong
            shape, non-integer or out-of-range label, NaN/Inf; the message
            names the file and the key.
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f'{path}: HDF5 file not found')
    try:
        with h5py.File(path, 'r') as h5:
            data = _h5_array(h5, path, 'data')
            label = _h5_array(h5, path, 'label')
            normal = None if normal_key is None else _h5_array(
                h5, path, normal_key)
    except OSError as err:
        raise ValueError(f'{path}: not a readable HDF5 file (truncated or '
                         f'corrupt?): {err}') from err
    if data.ndim != 3 or data.shape[0] == 0 or data.shape[1] == 0 \
            or data.shape[2] != 3:
        raise ValueError(f"{path}: dataset 'data' must have shape (B, N, 3) "
                         f'with B, N > 0, got {data.shape}')
    if label.shape not in ((len(data), ), (len(data), 1)):
        raise ValueError(f"{path}: dataset 'label' must have shape "
                         f'({len(data)},) or ({len(data)}, 1) to match '
                         f"'data' {data.shape}, got {label.shape}")
    label = label.reshape(-1)
    if not np.issubdtype(label.dtype, np.integer):
        if not (np.isfinite(label) & (label == np.round(label))).all():
            raise ValueError(f"{path}: dataset 'label' must hold integer "
                             'class indices')
    bad = (label < 0) | (label >= num_classes)
    if bad.any():
        raise ValueError(f"{path}: dataset 'label' has values out of range "
                         f'[0, {num_classes}) (first: {label[bad][0]} at row '
                         f'{int(np.argmax(bad))})')
    _check_finite(data, path, 'data')
    if normal is not None:
        if normal.shape != data.shape:
            raise ValueError(f"{path}: dataset '{normal_key}' must have the "
                             f"shape of 'data' {data.shape}, got "
                             f'{normal.shape}')
        _check_finite(normal, path, normal_key)
        data = np.concatenate([data, normal], axis=2)
    return data.astype(np.float32), label.astype(np.int64)


class _H5Dataset(AnnotatedSplitDataset):
    """Loads whole HDF5 files into memory; entries ``dict(points (N, C)
    float32, gt_label, h5_path, h5_index, sample_idx)``."""

    normal_key: Optional[str] = None

    def h5_files(self, official_split: str) -> List[Path]:
        """HDF5 files of the official ``'train'`` or ``'test'`` split."""
        raise NotImplementedError

    def _read(self, path: Path) -> Tuple[np.ndarray, np.ndarray]:
        return read_h5_points(path, len(self._metainfo['classes']),
                              self.normal_key)

    def load_source_list(self, official_split: str) -> List[dict]:
        """Entries of every row of the split's files, in file order."""
        data_list = []
        for path in self.h5_files(official_split):
            points, labels = self._read(path)
            data_list += [
                dict(points=p, gt_label=l, h5_path=str(path), h5_index=i)
                for i, (p, l) in enumerate(zip(points, labels.tolist()))
            ]
        return data_list

    def attach_points(self, data_list: List[dict]) -> List[dict]:
        """Add ``points`` to annotation entries, reading each file once."""
        cache: Dict[str, Tuple[np.ndarray, np.ndarray]] = {}
        for info in data_list:
            path = info['h5_path']
            if path not in cache:
                cache[path] = self._read(Path(path))
            points, labels = cache[path]
            row = info['h5_index']
            if not 0 <= row < len(points) or labels[row] != info['gt_label']:
                raise ValueError(
                    f'{self.ann_file}: entry {info} does not match {path} '
                    f'({len(points)} rows; label at that row '
                    f'{labels[row] if 0 <= row < len(points) else None}); '
                    'regenerate it with tools/create_data.py --force')
            info['points'] = points[row]
        return data_list


def _natural_key(path: Path) -> list:
    return [
        int(t) if t.isdigit() else t for t in re.split(r'(\d+)', path.name)
    ]


def _read_names(path: Path) -> Tuple[str, ...]:
    if not path.is_file():
        raise FileNotFoundError(f'{path}: class-name list not found')
    names = tuple(line.strip() for line in path.read_text().splitlines()
                  if line.strip())
    if not names or len(set(names)) != len(names):
        raise ValueError(f'{path}: expected one distinct class name per '
                         f'line, got {list(names)}')
    return names


@DATASETS.register_module()
class ModelNetH5Dataset(_H5Dataset):
    """PointNet's ``modelnet40_ply_hdf5_2048``, loaded into memory.

    Source layout: ``<data_root>/ply_data_{train,test}<k>.h5`` (datasets
    ``data`` ``(B, 2048, 3)``, ``label`` ``(B, 1)``, optional ``normal``),
    listed in ``{train,test}_files.txt`` (only the file names of the listed
    paths are used, relative to ``data_root``) or, without the list, found
    by the glob ``ply_data_{train,test}*.h5``; class names in
    ``shape_names.txt``.

    Data list entries: ``dict(points=np.ndarray (N, 3 or 6) float32,
    gt_label=int, h5_path=str, h5_index=int, sample_idx=int)``.

    Args:
        use_normals (bool): Append the ``normal`` dataset as channels 3-5.
            Defaults to False (xyz only).
        **kwargs: :class:`AnnotatedSplitDataset`'s: ``data_root`` (the
            ``modelnet40_ply_hdf5_2048`` folder), ``ann_file`` (from
            ``tools/create_data.py modelnet-h5``), ``split``, ... .
    """

    DATASET_NAME = 'modelnet_h5'

    def __init__(self, use_normals: bool = False, **kwargs) -> None:
        self.normal_key = 'normal' if use_normals else None
        super().__init__(**kwargs)

    def source_classes(self, data_root: Optional[str]) -> Tuple[str, ...]:
        """The names of ``shape_names.txt``."""
        return _read_names(Path(data_root or '', 'shape_names.txt'))

    def h5_files(self, official_split: str) -> List[Path]:
        """Files of ``<split>_files.txt`` or, without it, the glob."""
        root = Path(self.data_root)
        list_file = root / f'{official_split}_files.txt'
        if list_file.is_file():
            files = [
                root / Path(line.strip()).name
                for line in list_file.read_text().splitlines() if line.strip()
            ]
            missing = [str(f) for f in files if not f.is_file()]
            if missing:
                raise ValueError(f'{list_file}: listed HDF5 files not found '
                                 f'under {root}: {missing}')
        else:
            files = sorted(
                root.glob(f'ply_data_{official_split}*.h5'), key=_natural_key)
        if not files:
            raise ValueError(f'{root}: no HDF5 files for split '
                             f"'{official_split}' (expected {list_file.name} "
                             f'or ply_data_{official_split}*.h5)')
        return files


@DATASETS.register_module()
class ScanObjectNNDataset(_H5Dataset):
    """ScanObjectNN ``h5_files``, loaded into memory.

    Source layout (``data_root`` holds ``main_split``/``main_split_nobg``),
    datasets ``data`` ``(B, 2048, 3)`` and ``label`` ``(B,)`` in
    ``[0, 15)`` (class names :data:`SCANOBJECTNN_CLASSES`):

    - ``OBJ_ONLY``: ``main_split_nobg/{training,test}_objectdataset.h5``
    - ``OBJ_BG``: ``main_split/{training,test}_objectdataset.h5``
    - ``PB_T50_RS``:
      ``main_split/{training,test}_objectdataset_augmentedrot_scale75.h5``

    Data list entries: ``dict(points=np.ndarray (2048, 3) float32,
    gt_label=int, h5_path=str, h5_index=int, sample_idx=int)``.

    Args:
        variant (str, optional): A key of :data:`SCANOBJECTNN_VARIANTS`.
            Defaults to ``'PB_T50_RS'`` (or the annotation file's).
        **kwargs: :class:`AnnotatedSplitDataset`'s: ``data_root`` (the
            ``h5_files`` folder), ``ann_file`` (from ``tools/create_data.py
            scanobjectnn``), ``split``, ... .
    """

    DATASET_NAME = 'scanobjectnn'
    SOURCE_CHOICES = dict(variant=(tuple(SCANOBJECTNN_VARIANTS), 'PB_T50_RS'))

    def __init__(self, variant: Optional[str] = None, **kwargs) -> None:
        super().__init__(source_options=dict(variant=variant), **kwargs)

    def source_classes(self, data_root: Optional[str]) -> Tuple[str, ...]:
        """:data:`SCANOBJECTNN_CLASSES`."""
        return SCANOBJECTNN_CLASSES

    def h5_files(self, official_split: str) -> Sequence[Path]:
        """The variant's ``training_*`` or ``test_*`` file."""
        folder, name = SCANOBJECTNN_VARIANTS[self.source_options['variant']]
        prefix = 'training' if official_split == 'train' else 'test'
        return [Path(self.data_root, folder, f'{prefix}_{name}')]
