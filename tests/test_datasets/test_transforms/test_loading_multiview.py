import os.path as osp

import mmcv
import numpy as np
import pytest

from mmdet3d.registry import TRANSFORMS
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
    folder = tmp_path / 'views' / 'night_stand' / 'train'
    expected = write_views(str(folder), 'night_stand_0007', 4)
    transform = TRANSFORMS.build(
        dict(
            type='LoadMultiViewImages',
            img_root=str(tmp_path / 'views'),
            split='train',
            num_views=4))
    results = transform(
        dict(pts_path='/data/mn40/night_stand/night_stand_0007.txt'))
    imgs = results['imgs']
    assert imgs.dtype == np.float32 and imgs.shape == (4, 6, 5, 3)
    np.testing.assert_allclose(imgs, expected / 255.0, atol=1e-6)
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


def test_bad_config_and_missing_keys():
    with pytest.raises(ValueError, match='num_views'):
        LoadMultiViewImages(num_views=0)
    with pytest.raises(ValueError, match='image_size'):
        LoadMultiViewImages(image_size=(4, 0))
    with pytest.raises(KeyError, match='img_prefix'):
        LoadMultiViewImages()(dict(sample_idx=1))
    with pytest.raises(ValueError, match='img_root'):
        LoadMultiViewImages()(dict(pts_path='a/b.txt'))
