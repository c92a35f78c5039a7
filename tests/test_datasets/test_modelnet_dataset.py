"""Tests of ModelNetDataset on a temporary folder tree and the real data."""
import re
from pathlib import Path

import pytest
import torch
from _helpers import SHARED_DATA
from _helpers.shape_sources import make_modelnet_folder
from mmengine.registry import init_default_scope

from pointcmt.datasets import (MODELNET10_CLASSES, ModelNet10Dataset,
                               ModelNetDataset)

REAL_ROOT = Path(SHARED_DATA) / 'modelnet40_1024'


@pytest.fixture
def tree(tmp_path):
    return make_modelnet_folder(tmp_path / 'modelnet')


def paths(dataset):
    return [dataset.get_data_info(i)['pts_path'] for i in range(len(dataset))]


def test_splits_counts_and_entries(tree):
    trainval = ModelNetDataset(str(tree), split='trainval')
    test = ModelNetDataset(str(tree), split='test')
    assert trainval.metainfo['classes'] == ('airplane', 'chair', 'cup')
    assert len(trainval) == 30 and len(test) == 9
    info = test.get_data_info(4)
    assert info == dict(
        pts_path=str(tree / 'chair/test/chair_0001.npy'),
        gt_label=1,
        sample_idx=4)
    labels = [test.get_data_info(i)['gt_label'] for i in range(len(test))]
    assert labels == [0] * 3 + [1] * 3 + [2] * 3
    assert test.get_cat_ids(8) == [2]


def test_val_carve_deterministic_stratified_disjoint(tree):
    train = ModelNetDataset(str(tree), split='train')
    val = ModelNetDataset(str(tree), split='val')
    trainval = ModelNetDataset(str(tree), split='trainval')
    assert len(val) == 3 and len(train) == 27  # round(0.1 * 10) per class
    assert not set(paths(train)) & set(paths(val))
    assert sorted(paths(train) + paths(val)) == sorted(paths(trainval))
    val_labels = [val.get_data_info(i)['gt_label'] for i in range(3)]
    assert val_labels == [0, 1, 2]
    assert paths(val) == paths(ModelNetDataset(str(tree), split='val'))
    other = ModelNetDataset(
        str(tree), split='val', split_seed=1, val_fraction=0.5)
    assert len(other) == 15
    # The carve of a class does not depend on which classes are selected.
    subset = ModelNetDataset(str(tree), split='val', classes=['cup'])
    assert paths(subset) == paths(val)[2:]


def test_classes_subset_and_max_samples(tree):
    dataset = ModelNetDataset(
        str(tree),
        split='test',
        classes=('cup', 'airplane'),
        max_samples_per_class=2)
    assert dataset.metainfo['classes'] == ('cup', 'airplane')
    infos = [dataset.get_data_info(i) for i in range(len(dataset))]
    assert [i['gt_label'] for i in infos] == [0, 0, 1, 1]
    assert [Path(i['pts_path']).name for i in infos] == [
        'cup_0000.npy', 'cup_0001.npy', 'airplane_0000.npy',
        'airplane_0001.npy'
    ]


def test_pipeline_end_to_end(tree):
    init_default_scope('mmdet3d')
    pipeline = [
        dict(type='LoadPointsFromShapeFile'),
        dict(type='SamplePoints', num_points=4, method='first'),
        dict(type='PackPointClsInputs')
    ]
    dataset = ModelNetDataset(
        str(tree), split='test', pipeline=pipeline, test_mode=True)
    packed = dataset[3]
    assert packed['inputs']['points'].shape == (4, 3)
    assert torch.equal(packed['inputs']['points'][:, 1], torch.ones(4))
    sample = packed['data_samples']
    assert sample.gt_label.tolist() == [1]
    assert sample.metainfo['sample_idx'] == 3
    assert sample.metainfo['pts_path'].endswith('chair_0000.npy')


def test_missing_split_folder_names_class(tree):
    for path in (tree / 'cup' / 'test').iterdir():
        path.unlink()
    (tree / 'cup' / 'test').rmdir()
    ModelNetDataset(str(tree), split='train')  # test folder not needed
    with pytest.raises(FileNotFoundError, match=r"'cup'.*'test'"):
        ModelNetDataset(str(tree), split='test')


def test_bad_roots_and_classes(tmp_path, tree):
    with pytest.raises(FileNotFoundError, match='missing'):
        ModelNetDataset(str(tmp_path / 'missing'))
    (tmp_path / 'empty').mkdir()
    with pytest.raises(ValueError, match='no class folders'):
        ModelNetDataset(str(tmp_path / 'empty'))
    with pytest.raises(ValueError, match='sofa'):
        ModelNetDataset(str(tree), classes=['chair', 'sofa'])
    with pytest.raises(ValueError, match='split'):
        ModelNetDataset(str(tree), split='validation')
    with pytest.raises(ValueError, match='val_fraction'):
        ModelNetDataset(str(tree), val_fraction=1.0)


def test_no_shape_files_and_duplicate_stems(tree):
    with pytest.raises(
            ValueError, match=re.escape(str(tree / 'airplane/test'))):
        ModelNetDataset(str(tree), split='test', file_suffixes=('.off', ))
    (tree / 'cup/test/cup_0000.off').write_text('OFF\n0 0 0\n')
    with pytest.raises(ValueError, match='cup_0000'):
        ModelNetDataset(str(tree), split='test')
    assert len(
        ModelNetDataset(str(tree), split='test',
                        file_suffixes=('.npy', ))) == 9


def test_modelnet10_classes(tmp_path):
    root = make_modelnet_folder(
        tmp_path / 'mn',
        classes=MODELNET10_CLASSES + ('cup', ),
        num_train=2,
        num_test=1)
    dataset = ModelNet10Dataset(str(root), split='test')
    assert dataset.metainfo['classes'] == MODELNET10_CLASSES
    assert len(dataset) == 10


@pytest.mark.skipif(not REAL_ROOT.is_dir(), reason='no modelnet40_1024')
def test_real_modelnet40_counts():
    init_default_scope('mmdet3d')
    trainval = ModelNetDataset(str(REAL_ROOT), split='trainval')
    test = ModelNetDataset(str(REAL_ROOT), split='test')
    assert len(trainval.metainfo['classes']) == 40
    assert (len(trainval), len(test)) == (9843, 2468)
    train = ModelNetDataset(str(REAL_ROOT), split='train')
    val = ModelNetDataset(str(REAL_ROOT), split='val')
    assert len(train) + len(val) == 9843
    assert abs(len(val) - 984) < 40
    modelnet10 = ModelNet10Dataset(str(REAL_ROOT), split='test')
    assert len(modelnet10.metainfo['classes']) == 10
    loaded = ModelNetDataset(
        str(REAL_ROOT),
        split='test',
        max_samples_per_class=1,
        pipeline=[
            dict(type='LoadPointsFromShapeFile'),
            dict(type='PackPointClsInputs')
        ])
    assert loaded[0]['inputs']['points'].shape == (1024, 3)
