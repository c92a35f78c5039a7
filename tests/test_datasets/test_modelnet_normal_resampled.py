"""ModelNetNormalResampledDataset on a tiny tree in the real text layout."""
from pathlib import Path

import numpy as np
import pytest
import torch
from _helpers.shape_sources import (NORMAL_RESAMPLED_CLASSES,
                                    make_normal_resampled_tree, shape_rows)

from pointcmt.datasets import ModelNetNormalResampledDataset
from pointcmt.datasets.annotation import carve_val_class

CLASSES = NORMAL_RESAMPLED_CLASSES
PACK = [dict(type='PackPointClsInputs')]


@pytest.fixture
def root(tmp_path):
    return make_normal_resampled_tree(tmp_path / 'modelnet40_normal_resampled')


def infos(dataset):
    return [dataset.get_data_info(i) for i in range(len(dataset))]


def test_lists_and_entries(root):
    trainval = ModelNetNormalResampledDataset(
        data_root=str(root), split='trainval')
    test = ModelNetNormalResampledDataset(data_root=str(root), split='test')
    assert trainval.metainfo['classes'] == CLASSES
    assert trainval.metainfo['num_classes'] == 40
    assert len(trainval) == 12 and len(test) == 6
    assert test.get_data_info(5) == dict(
        pts_path=str(root / 'night_stand/night_stand_0006.txt'),
        gt_label=2,
        sample_idx=5)
    assert [i['gt_label'] for i in infos(trainval)] == [0] * 4 + [1] * 4 + \
        [2] * 4


@pytest.mark.parametrize('use_normals, channels', [(False, 3), (True, 6)])
def test_points_read_with_pipeline(root, use_normals, channels):
    dataset = ModelNetNormalResampledDataset(
        data_root=str(root),
        split='test',
        use_normals=use_normals,
        pipeline=PACK)
    packed = dataset[3]  # bed_0006
    expected = shape_rows(1, 6)[:, :channels]
    torch.testing.assert_close(packed['inputs']['points'],
                               torch.tensor(expected, dtype=torch.float32))
    assert packed['data_samples'].gt_label.tolist() == [1]
    assert packed['data_samples'].pts_path.endswith('bed_0006.txt')


def test_modelnet10_lists(root):
    dataset = ModelNetNormalResampledDataset(
        data_root=str(root), split='test', num_classes=10)
    assert dataset.metainfo['classes'] == ('bed', 'night_stand')
    assert [Path(i['pts_path']).stem for i in infos(dataset)] == \
        ['bed_0005', 'bed_0006', 'night_stand_0005', 'night_stand_0006']
    assert [i['gt_label'] for i in infos(dataset)] == [0, 0, 1, 1]


def test_val_carve_matches_modelnet(root):
    train, val = (
        ModelNetNormalResampledDataset(
            data_root=str(root), split=s, val_fraction=0.3, split_seed=5)
        for s in ('train', 'val'))
    val_paths = [i['pts_path'] for i in infos(val)]
    train_paths = [i['pts_path'] for i in infos(train)]
    expected = []
    for name in CLASSES:
        paths = [str(root / name / f'{name}_{k:04d}.txt') for k in range(1, 5)]
        mask = carve_val_class(4, name, 0.3, 5)
        expected += [p for p, m in zip(paths, mask) if m]
    assert val_paths == expected and len(val_paths) == 3
    assert sorted(train_paths + val_paths) == sorted(
        i['pts_path'] for i in infos(
            ModelNetNormalResampledDataset(
                data_root=str(root), split='trainval')))


def test_errors(root):
    with pytest.raises(
            ValueError, match=r'num_classes must be one of \(40, 10\)'):
        ModelNetNormalResampledDataset(data_root=str(root), num_classes=20)
    with pytest.raises(ValueError, match='remove LoadPointsFromShapeFile'):
        ModelNetNormalResampledDataset(
            data_root=str(root),
            pipeline=[dict(type='LoadPointsFromShapeFile')])
    (root / 'bed/bed_0002.txt').unlink()
    with pytest.raises(
            FileNotFoundError,
            match="modelnet40_train.txt: listed shape 'bed_0002'"):
        ModelNetNormalResampledDataset(data_root=str(root), split='train')
    (root / 'modelnet40_test.txt').write_text('sofa_0001\n')
    with pytest.raises(
            ValueError,
            match="modelnet40_test.txt: shape 'sofa_0001' has no "
            'known class prefix'):
        ModelNetNormalResampledDataset(data_root=str(root), split='test')
    (root / 'modelnet40_test.txt').unlink()
    with pytest.raises(FileNotFoundError, match='modelnet40_test.txt'):
        ModelNetNormalResampledDataset(data_root=str(root), split='test')
    (root / 'modelnet10_shape_names.txt').unlink()
    with pytest.raises(FileNotFoundError, match='modelnet10_shape_names'):
        ModelNetNormalResampledDataset(data_root=str(root), num_classes=10)


def test_xyz_only_file_with_normals_requested(root):
    path = root / 'airplane/airplane_0005.txt'
    np.savetxt(path, shape_rows(0, 5)[:, :3], delimiter=',')
    dataset = ModelNetNormalResampledDataset(
        data_root=str(root), split='test', use_normals=True, pipeline=PACK)
    with pytest.raises(ValueError, match=f'{path}: expected at least 6'):
        dataset[0]
