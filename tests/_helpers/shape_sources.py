"""Tiny sources in the real on-disk layouts of the datasets."""
from pathlib import Path

import h5py
import numpy as np

H5_CLASSES = ('airplane', 'bathtub', 'bed')
H5_NUM_POINTS = 16
NORMAL_RESAMPLED_CLASSES = ('airplane', 'bed', 'night_stand')


def known_points(num: int, offset: float) -> np.ndarray:
    """``(num, H5_NUM_POINTS, 3)``: row i is offset + i + a ramp."""
    ramp = np.arange(H5_NUM_POINTS * 3, dtype=np.float32).reshape(-1, 3) / 100
    return (offset + np.arange(num, dtype=np.float32)[:, None, None] + ramp)


def write_h5(path, data, label, **extra):
    path.parent.mkdir(parents=True, exist_ok=True)
    with h5py.File(path, 'w') as h5:
        h5['data'] = data
        h5['label'] = label
        for key, value in extra.items():
            h5[key] = value


def make_modelnet_h5(root: Path) -> Path:
    """train0: 12 rows, train1: 6 rows, test0: 6 rows; labels cycle 0..2."""
    (root).mkdir(parents=True)
    (root / 'shape_names.txt').write_text('\n'.join(H5_CLASSES) + '\n')
    for name, num, offset in (('train0', 12, 0), ('train1', 6, 100), ('test0',
                                                                      6, 200)):
        data = known_points(num, offset)
        label = (np.arange(num) % 3).astype(np.uint8)[:, None]
        write_h5(root / f'ply_data_{name}.h5', data, label, normal=-data)
    for split, names in (('train', ['train0', 'train1']), ('test', ['test0'])):
        (root / f'{split}_files.txt').write_text(''.join(
            f'data/modelnet40_ply_hdf5_2048/ply_data_{n}.h5\n' for n in names))
    return root


def make_scanobjectnn(root: Path) -> Path:
    """Each variant file gets its own offset so the right one is checked."""
    layout = {
        'OBJ_ONLY': ('main_split_nobg', 'objectdataset.h5', 0),
        'OBJ_BG': ('main_split', 'objectdataset.h5', 1000),
        'PB_T50_RS':
        ('main_split', 'objectdataset_augmentedrot_scale75.h5', 2000),
    }
    for folder, name, offset in layout.values():
        for prefix, num, extra in (('training', 30, 0), ('test', 15, 500)):
            label = np.arange(num) % 15
            write_h5(
                root / folder / f'{prefix}_{name}',
                known_points(num, offset + extra),
                label.astype(np.int64),
                mask=np.zeros((num, H5_NUM_POINTS), np.int64))
    return root


def shape_rows(label: int, index: int) -> np.ndarray:
    """``(5, 6)`` known rows x,y,z,nx,ny,nz of one shape."""
    rows = np.arange(30, dtype=np.float64).reshape(5, 6) / 8
    return rows + 10 * label + index


def make_normal_resampled_tree(root: Path) -> Path:
    """4 train + 2 test shapes per class, plus ModelNet10-style lists."""
    root.mkdir(parents=True)
    train, test = [], []
    for label, name in enumerate(NORMAL_RESAMPLED_CLASSES):
        (root / name).mkdir()
        for index in range(1, 7):
            shape = f'{name}_{index:04d}'
            np.savetxt(
                root / name / f'{shape}.txt',
                shape_rows(label, index),
                fmt='%.6f',
                delimiter=',')
            (train if index <= 4 else test).append(shape)
    (root / 'modelnet40_shape_names.txt').write_text(
        '\n'.join(NORMAL_RESAMPLED_CLASSES))
    (root / 'modelnet40_train.txt').write_text('\n'.join(train) + '\n')
    (root / 'modelnet40_test.txt').write_text('\n'.join(test) + '\n')
    (root / 'modelnet10_shape_names.txt').write_text('bed\nnight_stand\n')
    (root / 'modelnet10_train.txt').write_text('\n'.join(train[4:]))
    (root / 'modelnet10_test.txt').write_text('\n'.join(test[2:]))
    return root


def make_modelnet_folder(root: Path,
                         classes=('chair', 'airplane', 'cup'),
                         num_train: int = 10,
                         num_test: int = 3) -> Path:
    """A ``<class>/<split>/<name>.npy`` tree of tiny known shapes."""
    for name in classes:
        label = sorted(classes).index(name)
        for split, num in (('train', num_train), ('test', num_test)):
            folder = root / name / split
            folder.mkdir(parents=True)
            for i in range(num):
                points = np.full((8, 3), label, np.float32)
                points[:, 0] = np.arange(8) + i
                np.save(folder / f'{name}_{i:04d}.npy', points)
    return root


__all__ = [
    'H5_CLASSES', 'H5_NUM_POINTS', 'NORMAL_RESAMPLED_CLASSES',
    'known_points', 'write_h5', 'make_modelnet_h5', 'make_scanobjectnn',
    'shape_rows', 'make_normal_resampled_tree', 'make_modelnet_folder'
]
