"""ModelNetH5Dataset and ScanObjectNNDataset on tiny files in the real
HDF5 layouts."""
import re

import h5py
import numpy as np
import pytest
import torch
from _helpers.shape_sources import (H5_CLASSES, H5_NUM_POINTS, known_points,
                                    make_modelnet_h5, make_scanobjectnn,
                                    write_h5)

from pointcmt.datasets import (SCANOBJECTNN_CLASSES, ModelNetH5Dataset,
                               ScanObjectNNDataset, read_h5_points)
from pointcmt.datasets.annotation import carve_val_class

CLASSES = H5_CLASSES
NUM_POINTS = H5_NUM_POINTS


@pytest.fixture
def mn_root(tmp_path):
    return make_modelnet_h5(tmp_path / 'modelnet40_ply_hdf5_2048')


def infos(dataset):
    return [dataset.get_data_info(i) for i in range(len(dataset))]


def test_modelnet_h5_contents(mn_root):
    trainval = ModelNetH5Dataset(data_root=str(mn_root), split='trainval')
    test = ModelNetH5Dataset(data_root=str(mn_root), split='test')
    assert trainval.metainfo['classes'] == CLASSES
    assert len(trainval) == 18 and len(test) == 6
    expected = np.concatenate([known_points(12, 0), known_points(6, 100)])
    got = infos(trainval)
    np.testing.assert_array_equal(
        np.stack([i['points'] for i in got]), expected)
    assert [i['gt_label'] for i in got] == [r % 3 for r in range(12)] + \
        [r % 3 for r in range(6)]
    assert got[13]['h5_path'] == str(mn_root / 'ply_data_train1.h5')
    assert got[13]['h5_index'] == 1 and got[13]['sample_idx'] == 13
    assert got[0]['points'].dtype == np.float32
    assert got[0]['points'].shape == (NUM_POINTS, 3)
    np.testing.assert_array_equal(
        test.get_data_info(5)['points'],
        known_points(6, 200)[5])
    assert test.get_cat_ids(5) == [2]


def test_modelnet_h5_normals_and_pipeline(mn_root):
    dataset = ModelNetH5Dataset(
        data_root=str(mn_root),
        split='test',
        use_normals=True,
        pipeline=[dict(type='PackPointClsInputs')])
    packed = dataset[2]
    expected = known_points(6, 200)[2]
    torch.testing.assert_close(
        packed['inputs']['points'],
        torch.from_numpy(np.concatenate([expected, -expected], 1)))
    assert packed['data_samples'].gt_label.tolist() == [2]
    assert packed['data_samples'].sample_idx == 2


def test_modelnet_h5_val_carve(mn_root):
    splits = {
        s: ModelNetH5Dataset(data_root=str(mn_root), split=s, split_seed=3)
        for s in ('train', 'val', 'trainval')
    }
    keys = {
        s: [(i['h5_path'], i['h5_index']) for i in infos(d)]
        for s, d in splits.items()
    }
    assert not set(keys['train']) & set(keys['val'])
    assert sorted(keys['train'] + keys['val']) == sorted(keys['trainval'])
    # Same per-class draw as ModelNetDataset, over each class's rows.
    labels = np.array([i['gt_label'] for i in infos(splits['trainval'])])
    expected_val = []
    for label, name in enumerate(CLASSES):
        rows = np.flatnonzero(labels == label)
        expected_val += rows[carve_val_class(len(rows), name, 0.1, 3)].tolist()
    assert sorted(keys['val']) == sorted(keys['trainval'][r]
                                         for r in expected_val)
    assert len(keys['val']) == 3  # one per class (6 rows, 10 %)
    again = ModelNetH5Dataset(
        data_root=str(mn_root), split='val', split_seed=3)
    assert [(i['h5_path'], i['h5_index']) for i in infos(again)] == \
        keys['val']


def test_modelnet_h5_glob_without_list(mn_root):
    (mn_root / 'train_files.txt').unlink()
    (mn_root / 'ply_data_train1.h5').rename(mn_root / 'ply_data_train10.h5')
    (mn_root / 'ply_data_train0.h5').rename(mn_root / 'ply_data_train2.h5')
    dataset = ModelNetH5Dataset(data_root=str(mn_root), split='trainval')
    assert [i['h5_path'] for i in infos(dataset)] == \
        [str(mn_root / 'ply_data_train2.h5')] * 12 + \
        [str(mn_root / 'ply_data_train10.h5')] * 6


def test_modelnet_h5_missing_sources(mn_root):
    with pytest.raises(ValueError, match='split must be one of'):
        ModelNetH5Dataset(data_root=str(mn_root), split='dev')
    (mn_root / 'ply_data_train1.h5').unlink()
    with pytest.raises(ValueError, match='train_files.txt.*ply_data_train1'):
        ModelNetH5Dataset(data_root=str(mn_root), split='train')
    (mn_root / 'shape_names.txt').unlink()
    with pytest.raises(FileNotFoundError, match='shape_names.txt'):
        ModelNetH5Dataset(data_root=str(mn_root), split='test')


GOOD = dict(data=known_points(4, 0), label=np.array([0, 1, 2, 0]))


@pytest.mark.parametrize('fields, key, message', [
    (dict(data=GOOD['data']), 'label', "missing dataset 'label'"),
    (dict(label=GOOD['label']), 'data', "missing dataset 'data'"),
    (dict(GOOD, data=known_points(4, 0)[..., :2]), 'data', r'\(B, N, 3\)'),
    (dict(GOOD, data=known_points(4, 0)[0]), 'data', r'\(B, N, 3\)'),
    (dict(GOOD, label=np.zeros((3, ), int)), 'label', r'got \(3,\)'),
    (dict(GOOD, label=np.array([0, 1, 3, 0])), 'label', 'out of range'),
    (dict(GOOD, label=np.array([0, -1, 2, 0])), 'label', 'out of range'),
    (dict(GOOD, label=np.array([0, 1.5, 2, 0])), 'label', 'integer'),
    (dict(
        GOOD,
        data=np.where(
            np.arange(4)[:, None, None] == 2, np.nan, known_points(
                4, 0))), 'data', 'row 2'),
    (dict(GOOD, data=np.array([[['a', 'b', 'c']]] * 4,
                              dtype='S1')), 'data', 'numeric'),
])
def test_read_h5_malformed(tmp_path, fields, key, message):
    path = tmp_path / 'bad.h5'
    with h5py.File(path, 'w') as h5:
        for name, value in fields.items():
            h5[name] = value
    with pytest.raises(ValueError, match=message) as err:
        read_h5_points(path, num_classes=3)
    assert str(path) in str(err.value) and f"'{key}'" in str(err.value)


def test_read_h5_normals_checked(tmp_path):
    path = tmp_path / 'n.h5'
    write_h5(path, **GOOD)
    with pytest.raises(ValueError, match="missing dataset 'normal'"):
        read_h5_points(path, 3, normal_key='normal')
    write_h5(path, **GOOD, normal=np.zeros((4, 2, 3)))
    with pytest.raises(ValueError, match="'normal' must have the shape"):
        read_h5_points(path, 3, normal_key='normal')
    points, labels = read_h5_points(path, 3)
    np.testing.assert_array_equal(points, GOOD['data'])
    assert labels.dtype == np.int64 and labels.tolist() == [0, 1, 2, 0]


def test_read_h5_missing_corrupt_truncated(tmp_path):
    missing = tmp_path / 'none.h5'
    with pytest.raises(
            ValueError, match=f'{re.escape(str(missing))}.*not '
            'found'):
        read_h5_points(missing, 3)
    garbage = tmp_path / 'garbage.h5'
    garbage.write_bytes(b'\x89HDF\r\n\x1a\n' + b'\x00\x17' * 500)
    with pytest.raises(
            ValueError,
            match=re.escape(str(garbage)) + '.*not a readable HDF5'):
        read_h5_points(garbage, 3)
    truncated = tmp_path / 'truncated.h5'
    write_h5(truncated, known_points(200, 0), np.zeros(200, int))
    data = truncated.read_bytes()
    truncated.write_bytes(data[:len(data) // 2])
    with pytest.raises(ValueError, match=re.escape(str(truncated))):
        read_h5_points(truncated, 3)


@pytest.mark.parametrize('variant, offset', [('OBJ_ONLY', 0), ('OBJ_BG', 1000),
                                             ('PB_T50_RS', 2000)])
def test_scanobjectnn_variants(tmp_path, variant, offset):
    root = make_scanobjectnn(tmp_path / 'h5_files')
    test = ScanObjectNNDataset(
        data_root=str(root), split='test', variant=variant)
    trainval = ScanObjectNNDataset(
        data_root=str(root), split='trainval', variant=variant)
    assert test.metainfo['classes'] == SCANOBJECTNN_CLASSES
    assert len(SCANOBJECTNN_CLASSES) == 15
    assert test.metainfo['variant'] == variant
    assert len(test) == 15 and len(trainval) == 30
    np.testing.assert_array_equal(
        np.stack([i['points'] for i in infos(test)]),
        known_points(15, offset + 500))
    assert [i['gt_label'] for i in infos(trainval)] == \
        [r % 15 for r in range(30)]
    val = ScanObjectNNDataset(
        data_root=str(root), split='val', variant=variant)
    assert sorted(i['gt_label'] for i in infos(val)) == list(range(15))


def test_scanobjectnn_default_variant_and_errors(tmp_path):
    root = make_scanobjectnn(tmp_path / 'h5_files')
    assert ScanObjectNNDataset(
        data_root=str(root), split='test').metainfo['variant'] == 'PB_T50_RS'
    with pytest.raises(ValueError, match='variant must be one of'):
        ScanObjectNNDataset(data_root=str(root), variant='hardest')
    bad = root / 'main_split_nobg/test_objectdataset.h5'
    write_h5(bad, known_points(2, 0), np.array([0, 15]))
    with pytest.raises(
            ValueError, match=re.escape(str(bad)) + ".*'label'.*out of range"):
        ScanObjectNNDataset(
            data_root=str(root), split='test', variant='OBJ_ONLY')
    (root / 'main_split/training_objectdataset.h5').unlink()
    with pytest.raises(ValueError, match='training_objectdataset.h5'):
        ScanObjectNNDataset(
            data_root=str(root), split='train', variant='OBJ_BG')
