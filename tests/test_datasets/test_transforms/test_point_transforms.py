"""Tests of the point loading / sampling / augmentation / packing
transforms."""
import numpy as np
import pytest
import torch
from mmdet3d.registry import TRANSFORMS

from pointcmt.datasets.transforms import (
    JitterPoints, LoadPointsFromShapeFile, NormalizePointsToUnitSphere,
    PackPointClsInputs, RandomRotatePoints, RandomScaleTranslatePoints,
    SamplePoints, ShufflePoints)
from pointcmt.datasets.transforms import sampling as sampling_module
from pointcmt.structures import PointClsDataSample


def cloud(num=32, channels=3, seed=0):
    return np.random.default_rng(seed).normal(size=(num, channels)).astype(
        np.float32)


def rows_set(points):
    return {tuple(row) for row in points.tolist()}


def test_all_registered():
    for name in ('LoadPointsFromShapeFile', 'SamplePoints',
                 'NormalizePointsToUnitSphere', 'RandomScaleTranslatePoints',
                 'JitterPoints', 'RandomRotatePoints', 'ShufflePoints',
                 'PackPointClsInputs'):
        assert TRANSFORMS.get(name) is not None, name
    built = TRANSFORMS.build(dict(type='SamplePoints', num_points=4))
    assert isinstance(built, SamplePoints)


# ---------------------------------------------------------------- loading
def test_load_points_use_dims(tmp_path):
    path = tmp_path / 'a.npy'
    data = cloud(5, 6)
    np.save(path, data)
    results = LoadPointsFromShapeFile()(dict(pts_path=str(path)))
    np.testing.assert_array_equal(results['points'], data)
    results = LoadPointsFromShapeFile(use_dims=[0, 1, 2, 5])(
        dict(pts_path=str(path)))
    np.testing.assert_array_equal(results['points'], data[:, [0, 1, 2, 5]])
    with pytest.raises(ValueError, match='a.npy'):
        LoadPointsFromShapeFile(use_dims=[0, 1, 2, 6])(
            dict(pts_path=str(path)))
    with pytest.raises(ValueError, match='xyz'):
        LoadPointsFromShapeFile(use_dims=[1, 2, 3])
    with pytest.raises(KeyError, match='pts_path'):
        LoadPointsFromShapeFile()(dict(sample_idx=3))


# ---------------------------------------------------------------- sampling
def brute_force_fps(xyz, num):
    picked = [0]
    for _ in range(num - 1):
        dist = np.array(
            [min(np.sum((p - xyz[j])**2) for j in picked) for p in xyz])
        picked.append(int(np.argmax(dist)))
    return picked


def test_fps_sampling_matches_brute_force():
    xyz = cloud(40)
    out = SamplePoints(12, 'fps')(dict(points=xyz))['points']
    np.testing.assert_array_equal(out, xyz[brute_force_fps(xyz, 12)])


@pytest.mark.parametrize('method', ['random', 'fps', 'first'])
def test_sample_points_downsample(method):
    points = cloud(50, 4)
    np.random.seed(0)
    out = SamplePoints(20, method)(dict(points=points))['points']
    assert out.shape == (20, 4)
    assert len(rows_set(out)) == 20 and rows_set(out) <= rows_set(points)
    if method == 'first':
        np.testing.assert_array_equal(out, points[:20])
    if method == 'fps':
        np.testing.assert_array_equal(
            out, points[brute_force_fps(points[:, :3], 20)])


@pytest.mark.parametrize('method', ['random', 'fps', 'first'])
def test_sample_points_pads_and_warns_once_per_file(monkeypatch, method):
    logged = []
    monkeypatch.setattr(sampling_module, 'print_log',
                        lambda msg, **kwargs: logged.append((msg, kwargs)))
    transform = SamplePoints(10, method)
    points = cloud(4)
    for _ in range(2):
        out = transform(dict(points=points, pts_path='a.npy'))['points']
        assert out.shape == (10, 3)
        np.testing.assert_array_equal(out[:4], points)
        assert rows_set(out) == rows_set(points)
    transform(dict(points=points, pts_path='b.npy'))
    assert len(logged) == 2
    assert 'a.npy' in logged[0][0] and '4 points' in logged[0][0]
    assert logged[0][1]['level'] == 30  # logging.WARNING


def test_sample_points_bad_args():
    with pytest.raises(ValueError, match='method'):
        SamplePoints(8, 'grid')
    with pytest.raises(ValueError, match='num_points'):
        SamplePoints(0)


# ---------------------------------------------------------------- normalise
def test_normalize_unit_sphere_keeps_extra_channels():
    points = cloud(30, 6) * 5 + 3
    out = NormalizePointsToUnitSphere()(dict(points=points))['points']
    np.testing.assert_allclose(out[:, :3].mean(0), 0, atol=1e-6)
    assert np.linalg.norm(out[:, :3], axis=1).max() == pytest.approx(1)
    np.testing.assert_array_equal(out[:, 3:], points[:, 3:])
    xyz = points[:, :3] - points[:, :3].mean(0)
    np.testing.assert_allclose(
        out[:, :3], xyz / np.linalg.norm(xyz, axis=1).max(), atol=1e-6)
    assert points[0, 0] != out[0, 0]  # input array not modified in place


def test_normalize_identical_points_raises():
    points = np.full((8, 3), 0.3, np.float32)
    with pytest.raises(ValueError, match='shape_7.npy'):
        NormalizePointsToUnitSphere()(
            dict(points=points, pts_path='shape_7.npy'))
    with pytest.raises(ValueError, match='sample_idx=5'):
        NormalizePointsToUnitSphere()(dict(points=points, sample_idx=5))


# ---------------------------------------------------------------- augment
def test_scale_translate_formula_and_seeding():
    points = cloud(16, 4)
    np.random.seed(7)
    out = RandomScaleTranslatePoints()(dict(points=points))['points']
    np.random.seed(7)
    scale = np.random.uniform(2 / 3, 3 / 2, size=3)
    shift = np.random.uniform(-0.2, 0.2, size=3)
    np.testing.assert_allclose(
        out[:, :3], points[:, :3] * scale + shift, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(out[:, 3], points[:, 3])
    with pytest.raises(ValueError, match='scale_range'):
        RandomScaleTranslatePoints(scale_range=(2, 1))


def test_scale_translate_with_mesh_same_draw():
    points = cloud(16)
    vertices, faces = cloud(8, seed=1), np.array([[0, 1, 2], [2, 3, 4]])
    np.random.seed(3)
    out = RandomScaleTranslatePoints(with_mesh=True)(
        dict(points=points, mesh_vertices=vertices, mesh_faces=faces))
    np.random.seed(3)
    scale = np.random.uniform(2 / 3, 3 / 2, size=3)
    shift = np.random.uniform(-0.2, 0.2, size=3)
    np.testing.assert_allclose(
        out['mesh_vertices'], vertices * scale + shift, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(
        out['points'], points * scale + shift, rtol=1e-5, atol=1e-6)
    assert out['mesh_vertices'].dtype == np.float32
    assert out['mesh_faces'] is faces
    # without with_mesh the mesh is left alone; with it a missing mesh
    # raises, naming the sample
    kept = RandomScaleTranslatePoints()(
        dict(points=points, mesh_vertices=vertices, mesh_faces=faces))
    assert kept['mesh_vertices'] is vertices
    with pytest.raises(KeyError, match="sample_idx=5 has no 'mesh_vertices'"):
        RandomScaleTranslatePoints(with_mesh=True)(
            dict(points=points, sample_idx=5))


def test_jitter_bounded():
    points = cloud(200)
    out = JitterPoints(sigma=0.5, clip=0.05)(dict(points=points))['points']
    diff = np.abs(out - points)
    assert diff.max() <= 0.05 + 1e-6 and diff.max() > 0.04


@pytest.mark.parametrize('axis', ['x', 'y', 'z'])
def test_rotate_preserves_axis_and_norms(axis):
    points = cloud(20, 6)
    out = RandomRotatePoints(
        axis=axis, with_normals=True)(dict(points=points))['points']
    k = 'xyz'.index(axis)
    np.testing.assert_allclose(out[:, k], points[:, k], atol=1e-6)
    np.testing.assert_allclose(
        np.linalg.norm(out[:, :3], axis=1),
        np.linalg.norm(points[:, :3], axis=1),
        rtol=1e-5)
    # Rigid: pairwise distances kept, and normals rotated by the same R.
    rot, *_ = np.linalg.lstsq(points[:, :3], out[:, :3], rcond=None)
    np.testing.assert_allclose(points[:, 3:6] @ rot, out[:, 3:6], atol=1e-5)
    np.testing.assert_allclose(rot.T @ rot, np.eye(3), atol=1e-5)


def test_rotate_fixed_angle():
    points = np.array([[1, 0, 0.5]], np.float32)
    out = RandomRotatePoints(angle_range=(np.pi / 2, np.pi / 2))(
        dict(points=points))['points']
    np.testing.assert_allclose(out, [[0, 1, 0.5]], atol=1e-6)
    with pytest.raises(ValueError, match='channels'):
        RandomRotatePoints(with_normals=True)(dict(points=points))


def test_shuffle_is_permutation():
    points = cloud(25, 4)
    out = ShufflePoints()(dict(points=points))['points']
    assert rows_set(out) == rows_set(points)
    assert not np.array_equal(out, points)


@pytest.mark.parametrize('transform', [
    SamplePoints(4),
    NormalizePointsToUnitSphere(),
    RandomScaleTranslatePoints(),
    JitterPoints(),
    RandomRotatePoints(),
    ShufflePoints(),
    PackPointClsInputs()
])
def test_nan_points_rejected_everywhere(transform):
    points = cloud(8)
    points[3, 1] = np.nan
    with pytest.raises(ValueError, match='chair_0001.npy'):
        transform(dict(points=points, pts_path='chair_0001.npy'))
    with pytest.raises(ValueError, match=r'\(N, C>=3\)'):
        transform(dict(points=points[:, :2], sample_idx=0))


# ---------------------------------------------------------------- packing
def test_pack_full_sample():
    points = cloud(10, 4).astype(np.float64)
    imgs = np.random.default_rng(0).random((2, 5, 6, 3)).astype(np.float32)
    packed = PackPointClsInputs()(
        dict(
            points=points,
            imgs=imgs,
            gt_label=np.int64(3),
            sample_idx=11,
            pts_path='x.npy',
            other='dropped'))
    assert set(packed) == {'inputs', 'data_samples'}
    inputs = packed['inputs']
    assert inputs['points'].dtype == torch.float32
    assert inputs['points'].shape == (10, 4)
    assert torch.allclose(inputs['points'].double(), torch.from_numpy(points))
    assert inputs['imgs'].shape == (2, 3, 5, 6)
    assert torch.equal(inputs['imgs'][1, 2], torch.from_numpy(imgs[1, :, :,
                                                                   2]))
    assert set(inputs) == {'points', 'imgs'}
    sample = packed['data_samples']
    assert isinstance(sample, PointClsDataSample)
    assert sample.gt_label.dtype == torch.long
    assert sample.gt_label.tolist() == [3]
    assert sample.metainfo == dict(sample_idx=11, pts_path='x.npy')


def test_pack_minimal_and_bad_inputs():
    packed = PackPointClsInputs()(dict(points=cloud(4), sample_idx=0))
    assert set(packed['inputs']) == {'points'}
    assert 'gt_label' not in packed['data_samples']
    with pytest.raises(ValueError, match='imgs'):
        PackPointClsInputs()(
            dict(points=cloud(4), imgs=np.zeros((2, 3, 5, 5), np.float32)))
    with pytest.raises(KeyError, match='points'):
        PackPointClsInputs()(dict(sample_idx=2))
