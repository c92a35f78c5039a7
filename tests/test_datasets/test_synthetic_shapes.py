"""Tests of the embedded SyntheticShapesDataset and its generators."""
import numpy as np
import pytest
from mmengine.registry import init_default_scope

from pointcmt.datasets import SyntheticShapesDataset
from pointcmt.datasets.shape_generators import SHAPE_GENERATORS

SMALL = dict(num_samples_per_class=2, num_points=64)


def all_points(dataset):
    return np.stack(
        [dataset.get_data_info(i)['points'] for i in range(len(dataset))])


def test_entries_shapes_classes_and_normalisation():
    dataset = SyntheticShapesDataset(**SMALL)
    classes = dataset.metainfo['classes']
    assert len(classes) >= 10 and classes == tuple(SHAPE_GENERATORS)
    assert len(dataset) == 2 * len(classes)
    labels = [
        dataset.get_data_info(i)['gt_label'] for i in range(len(dataset))
    ]
    assert sorted(set(labels)) == list(range(len(classes)))
    info = dataset.get_data_info(5)
    assert info['sample_idx'] == 5 and info['gt_label'] == 2
    points = all_points(dataset)
    assert points.shape == (len(dataset), 64, 3)
    assert points.dtype == np.float32 and np.isfinite(points).all()
    np.testing.assert_allclose(points.mean(1), 0, atol=1e-5)
    np.testing.assert_allclose(
        np.linalg.norm(points, axis=2).max(1), 1, rtol=1e-5)


def test_class_subset_via_metainfo():
    subset = SyntheticShapesDataset(
        metainfo=dict(classes=('torus', 'box')), **SMALL)
    full = SyntheticShapesDataset(**SMALL)
    assert len(subset) == 4 and subset.get_data_info(2)['gt_label'] == 1
    assert not np.allclose(subset.get_data_info(0)['points'],
                           full.get_data_info(0)['points'])


def test_default_sizes():
    assert len(
        SyntheticShapesDataset(split='val', num_points=16,
                               lazy_init=True)) == 20 * 13
    dataset = SyntheticShapesDataset(split='test', num_points=16)
    assert len(dataset) == 20 * len(dataset.metainfo['classes'])


def test_determinism_and_split_dependence():
    first = all_points(SyntheticShapesDataset(seed=3, **SMALL))
    again = all_points(SyntheticShapesDataset(seed=3, **SMALL))
    np.testing.assert_array_equal(first, again)
    for other in (dict(seed=4), dict(split='val'), dict(split='test')):
        points = all_points(
            SyntheticShapesDataset(**{
                **SMALL, 'seed': 3,
                **other
            }))
        assert not np.allclose(points, first), other
    # A sample does not depend on how many samples the split holds.
    bigger = all_points(
        SyntheticShapesDataset(seed=3, num_samples_per_class=3, num_points=64))
    np.testing.assert_array_equal(bigger[[0, 1]], first[[0, 1]])


@pytest.mark.parametrize('name', sorted(SHAPE_GENERATORS))
def test_generators_vary_and_are_finite(name):
    clouds = [
        SHAPE_GENERATORS[name](np.random.default_rng(i), 256) for i in range(2)
    ]
    for points in clouds:
        assert points.ndim == 2 and points.shape[1] == 3
        assert 0.8 * 256 <= len(points) <= 256  # composites drop a few
        assert np.isfinite(points).all() and np.ptp(points, 0).min() > 0.05
    assert not np.allclose(clouds[0].std(0), clouds[1].std(0))


def test_rotation_modes_and_clean_geometry():
    clean = dict(
        noise_std=0,
        occlusion_prob=0,
        outlier_ratio=0,
        rotation=None,
        num_samples_per_class=1,
        num_points=512)
    points = all_points(SyntheticShapesDataset(**clean))
    classes = SyntheticShapesDataset.METAINFO['classes']
    sphere = points[classes.index('sphere')]
    radius = np.linalg.norm(sphere, axis=1)
    assert radius.min() > 0.85  # a near-round shell, no interior points
    box = points[classes.index('box')]
    on_face = (np.isclose(box, box.max(0), atol=1e-5)
               | np.isclose(box, box.min(0), atol=1e-5)).any(1)
    assert on_face.all()  # every point lies on a face of the box
    so3 = all_points(SyntheticShapesDataset(**dict(clean, rotation='so3')))
    np.testing.assert_allclose(
        np.linalg.norm(so3, axis=2), np.linalg.norm(points, axis=2), atol=1e-5)


def test_bad_arguments():
    with pytest.raises(ValueError, match='split'):
        SyntheticShapesDataset(split='trainval')
    with pytest.raises(ValueError, match='rotation'):
        SyntheticShapesDataset(rotation='xyz')
    with pytest.raises(ValueError, match='num_points'):
        SyntheticShapesDataset(num_points=0)
    with pytest.raises(ValueError, match='hexagon'):
        SyntheticShapesDataset(metainfo=dict(classes=('box', 'hexagon')))
    with pytest.raises(ValueError, match='occlusion_range'):
        SyntheticShapesDataset(occlusion_range=(0.5, 0.1))


def test_pipeline_packs_points():
    init_default_scope('mmdet3d')
    dataset = SyntheticShapesDataset(
        **SMALL,
        pipeline=[
            dict(type='RandomScaleTranslatePoints'),
            dict(type='ShufflePoints'),
            dict(type='PackPointClsInputs')
        ])
    packed = dataset[3]
    assert packed['inputs']['points'].shape == (64, 3)
    assert packed['data_samples'].gt_label.tolist() == [1]
    assert packed['data_samples'].metainfo == dict(sample_idx=3)
