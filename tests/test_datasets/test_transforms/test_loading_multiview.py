import os.path as osp

import mmcv
import numpy as np
import pytest
import torch

from mmdet3d.registry import DATASETS, TRANSFORMS
from pointcmt.datasets.transforms.loading_multiview import LoadMultiViewImages


def write_views(folder, name, num_views, size=(6, 5)):
    """Write views whose pixel values encode the view index."""
    views = []
    for i in range(1, num_views + 1):
        img = np.zeros(size + (3, ), np.uint8)
        img[..., 0] = 10 * i  # R
        img[..., 2] = 200  # B
        img[0, 0] = (255, 0, 0)
        views.append(img)
        # mmcv.imwrite expects BGR
        mmcv.imwrite(img[..., ::-1], osp.join(folder, f'{name}_{i:03d}.png'))
    return np.stack(views)


def test_loads_from_pts_path(tmp_path):
    """Class and split come from the sample's ``<class>/<split>/<name>``."""
    expected = {
        split: write_views(str(tmp_path / 'views' / 'night_stand' / split),
                           'night_stand_0007', 4, size=(6 + i, 5))
        for i, split in enumerate(('train', 'test'))
    }
    transform = TRANSFORMS.build(
        dict(
            type='LoadMultiViewImages',
            img_root=str(tmp_path / 'views'),
            num_views=4))
    for split, views in expected.items():
        results = transform(
            dict(pts_path=f'/data/mn40/night_stand/{split}/'
                 'night_stand_0007.npy'))
        imgs = results['imgs']
        assert imgs.dtype == np.float32 and imgs.shape == views.shape
        np.testing.assert_allclose(imgs, views / 255.0, atol=1e-6)
        assert imgs[2, 1, 1, 0] == pytest.approx(30 / 255.0)


def test_img_prefix_and_resize(tmp_path):
    write_views(str(tmp_path), 'chair_0001', 2, size=(4, 4))
    transform = LoadMultiViewImages(num_views=2, image_size=(8, 6))
    imgs = transform(dict(img_prefix=str(tmp_path / 'chair_0001')))['imgs']
    assert imgs.shape == (2, 8, 6, 3)
    assert 0 <= imgs.min() and imgs.max() <= 1
    np.testing.assert_allclose(
        imgs[1, 4, 3], [20 / 255, 0, 200 / 255], atol=1e-6)


def test_missing_view_names_path_and_count(tmp_path):
    write_views(str(tmp_path), 'cup_0003', 3)
    transform = LoadMultiViewImages(num_views=5)
    prefix = str(tmp_path / 'cup_0003')
    with pytest.raises(FileNotFoundError) as err:
        transform(dict(img_prefix=prefix))
    message = str(err.value)
    assert f'{prefix}_004.png' in message
    assert 'found 3 files' in message


def test_view_beyond_num_views_names_the_file(tmp_path):
    write_views(str(tmp_path), 'cup_0003', 3)
    prefix = str(tmp_path / 'cup_0003')
    with pytest.raises(ValueError, match=f'{prefix}_003.png.*num_views=2'):
        LoadMultiViewImages(num_views=2)(dict(img_prefix=prefix))


def test_bad_config_and_missing_keys():
    with pytest.raises(ValueError, match='num_views'):
        LoadMultiViewImages(num_views=0)
    with pytest.raises(ValueError, match='image_size'):
        LoadMultiViewImages(image_size=(4, 0))
    with pytest.raises(KeyError, match='img_prefix'):
        LoadMultiViewImages()(dict(sample_idx=1))
    with pytest.raises(ValueError, match='img_root'):
        LoadMultiViewImages()(dict(pts_path='a/train/b.txt'))
    # The modelnet40_normal_resampled layout has no split folder.
    with pytest.raises(ValueError, match=r"'/mn40/chair/chair_1.txt'.*"
                       r'<class>/<train\|test>/<name>'):
        LoadMultiViewImages(img_root='views')(
            dict(pts_path='/mn40/chair/chair_1.txt'))


def official_layout(root, num_views=3, shapes=2):
    """Points ``points/<class>/<split>/<name>.npy`` and their views
    ``views/<class>/<split>/<name>_001.png ..`` (the official layout), each
    view's pixels encoding its shape: ``{pts_path stem: views}``."""
    rng = np.random.default_rng(0)
    expected = {}
    for cls in ('bed', 'chair'):
        for split in ('train', 'test'):
            folder = root / 'points' / cls / split
            folder.mkdir(parents=True)
            for i in range(shapes):
                name = f'{cls}_{split}_{i:04d}'
                np.save(folder / f'{name}.npy',
                        rng.normal(size=(64, 3)).astype(np.float32))
                views = rng.integers(0, 256, (num_views, 5, 4, 3), np.uint8)
                for v, img in enumerate(views, 1):
                    mmcv.imwrite(img[..., ::-1],
                                 str(root / 'views' / cls / split /
                                     f'{name}_{v:03d}.png'))
                expected[name] = views
    return expected


@pytest.mark.parametrize('split', ['train', 'val', 'test'])
def test_official_layout_through_the_dataset(tmp_path, split):
    """One pipeline loads the right views for every split's samples."""
    expected = official_layout(tmp_path)
    dataset = DATASETS.build(
        dict(
            type='ModelNetDataset',
            data_root=str(tmp_path / 'points'),
            split=split,
            val_fraction=0.5,
            pipeline=[
                dict(type='LoadPointsFromShapeFile'),
                dict(
                    type='LoadMultiViewImages',
                    img_root=str(tmp_path / 'views'),
                    num_views=3),
                dict(type='PackPointClsInputs')
            ]))
    official = 'test' if split == 'test' else 'train'
    assert len(dataset) == (4 if split == 'test' else 2)
    for idx in range(len(dataset)):
        sample = dataset[idx]
        path = sample['data_samples'].pts_path
        name = osp.splitext(osp.basename(path))[0]
        assert f'_{official}_' in name
        label = sample['data_samples'].gt_label.item()
        assert name.startswith(dataset.metainfo['classes'][label])
        torch.testing.assert_close(
            sample['inputs']['imgs'],
            torch.from_numpy(expected[name]).permute(0, 3, 1, 2).float() /
            255.0)


def test_official_layout_missing_view_names_the_file(tmp_path):
    official_layout(tmp_path)
    missing = tmp_path / 'views' / 'chair' / 'test' / 'chair_test_0001_002.png'
    missing.unlink()
    dataset = DATASETS.build(
        dict(
            type='ModelNetDataset',
            data_root=str(tmp_path / 'points'),
            split='test',
            pipeline=[
                dict(type='LoadPointsFromShapeFile'),
                dict(
                    type='LoadMultiViewImages',
                    img_root=str(tmp_path / 'views'),
                    num_views=3)
            ]))
    with pytest.raises(FileNotFoundError, match=str(missing)):
        dataset[3]
