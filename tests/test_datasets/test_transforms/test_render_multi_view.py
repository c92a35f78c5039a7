import numpy as np
import pytest
import torch

from mmdet3d.registry import TRANSFORMS
from pointcmt.datasets.transforms.render_multi_view import RenderMultiView
from pointcmt.ops.point_renderer import render_point_views


def test_adds_imgs_like_batched_renderer():
    rng = np.random.default_rng(0)
    clouds = rng.uniform(-0.9, 0.9, size=(3, 64, 6)).astype(np.float32)
    transform = RenderMultiView(
        views='dodecahedron20', image_size=24, radius=1, mode='shaded')
    batched = render_point_views(
        torch.from_numpy(clouds),
        views='dodecahedron20',
        image_size=24,
        radius=1,
        mode='shaded').numpy()
    for b in range(3):
        results = transform(dict(points=clouds[b].copy(), gt_label=1))
        imgs = results['imgs']
        assert isinstance(imgs, np.ndarray) and imgs.dtype == np.float32
        assert imgs.shape == (20, 24, 24, 3)
        assert 0 <= imgs.min() and imgs.max() <= 1
        np.testing.assert_array_equal(imgs, batched[b])
        np.testing.assert_array_equal(results['points'], clouds[b])


def test_built_from_registry_with_explicit_views():
    transform = TRANSFORMS.build(
        dict(
            type='RenderMultiView',
            views=dict(azimuths=[0, 90, 180], elevations=[0, 10, 20]),
            image_size=8))
    points = np.array([[0.5, 0.0, 0.5]], dtype=np.float64)
    imgs = transform(dict(points=points))['imgs']
    assert imgs.shape == (3, 8, 8, 3)
    assert np.flatnonzero(imgs[0, ..., 0].ravel() > 0).size == 9
    assert 'image_size=8' in repr(transform)


def test_bad_config_fails_at_construction():
    with pytest.raises(ValueError, match='views'):
        RenderMultiView(views='cube6')
    with pytest.raises(ValueError, match='image_size'):
        RenderMultiView(image_size=-4)


@pytest.mark.parametrize('points', [
    np.zeros((0, 3), np.float32),
    np.zeros((4, 2), np.float32),
    np.array([[0.0, np.nan, 0.0]], np.float32),
])
def test_bad_points(points):
    with pytest.raises(ValueError, match='points'):
        RenderMultiView()(dict(points=points, sample_idx=3))


def test_missing_points_key():
    with pytest.raises(KeyError, match='points'):
        RenderMultiView()(dict(sample_idx=3))
