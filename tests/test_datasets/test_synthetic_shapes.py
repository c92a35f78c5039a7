"""Tests of the embedded SyntheticShapesDataset and its mesh generators."""
import numpy as np
import pytest
from mmengine.registry import init_default_scope

from pointcmt.datasets import SyntheticShapesDataset
from pointcmt.datasets.mesh_generators import MESH_GENERATORS

SMALL = dict(num_samples_per_class=2, num_points=64)


def all_points(dataset):
    return np.stack(
        [dataset.get_data_info(i)['points'] for i in range(len(dataset))])


def test_entries_shapes_classes_and_normalisation():
    dataset = SyntheticShapesDataset(**SMALL)
    classes = dataset.metainfo['classes']
    assert len(classes) >= 10 and classes == tuple(MESH_GENERATORS)
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
    assert not np.allclose(
        subset.get_data_info(0)['points'],
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


def face_areas(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    tri = vertices[faces]
    return 0.5 * np.linalg.norm(
        np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]), axis=1)


@pytest.mark.parametrize('name', sorted(MESH_GENERATORS))
def test_mesh_generators_valid_varied_and_deterministic(name):
    meshes = [MESH_GENERATORS[name](np.random.default_rng(i)) for i in (0, 1)]
    for vertices, faces in meshes:
        assert vertices.ndim == 2 and vertices.shape[1] == 3
        assert vertices.dtype == np.float64 and np.isfinite(vertices).all()
        assert faces.ndim == 2 and faces.shape[1] == 3 and len(faces) >= 4
        assert faces.dtype == np.int64
        assert faces.min() >= 0 and faces.max() < len(vertices)
        assert face_areas(vertices, faces).min() > 1e-6
        assert 0.05 < np.ptp(vertices, 0).min()
        assert np.ptp(vertices, 0).max() < 3
    if name != 'sphere':  # the one class without random proportions
        assert not np.allclose(meshes[0][0].std(0), meshes[1][0].std(0))
    again = MESH_GENERATORS[name](np.random.default_rng(0))
    np.testing.assert_array_equal(again[0], meshes[0][0])
    np.testing.assert_array_equal(again[1], meshes[0][1])


@pytest.mark.parametrize('name,num_faces', [('table', 5 * 12 - 4 * 2),
                                            ('l_bracket', 2 * 12 - 2),
                                            ('cross', 3 * 12 - 2 * 2)])
def test_composite_meshes_drop_hidden_faces(name, num_faces):
    """Boxes touch without overlapping; the triangles of a face covered by
    another box (a leg's top, the wall's foot, a half bar's end) are
    dropped, so no surface sample lies inside the solid."""
    assert len(MESH_GENERATORS[name](np.random.default_rng(0))[1]) == num_faces


def test_samples_carry_the_clean_mesh():
    degraded = dict(
        noise_std=0.05,
        outlier_ratio=0.1,
        occlusion_prob=1,
        occlusion_range=(0.3, 0.3))
    clean = dict(noise_std=0, outlier_ratio=0, occlusion_prob=0)
    infos = {
        key: SyntheticShapesDataset(seed=5, **SMALL,
                                    **kwargs).get_data_info(5)  # a box
        for key, kwargs in [('degraded', degraded), ('clean', clean)]
    }
    vertices, faces = (infos['degraded']['mesh_vertices'],
                       infos['degraded']['mesh_faces'])
    assert vertices.dtype == np.float32 and faces.dtype == np.int64
    assert vertices.shape == (8, 3) and faces.shape == (12, 3)
    np.testing.assert_allclose(vertices.mean(0), 0, atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(vertices, axis=1), 1, rtol=1e-5)
    # Occlusion, noise and outliers degrade the points, never the mesh.
    np.testing.assert_array_equal(vertices, infos['clean']['mesh_vertices'])
    np.testing.assert_array_equal(faces, infos['clean']['mesh_faces'])
    assert not np.allclose(infos['degraded']['points'],
                           infos['clean']['points'])


def test_points_are_samples_of_the_mesh_with_the_same_rotation():
    kwargs = dict(
        noise_std=0,
        outlier_ratio=0,
        occlusion_prob=0,
        seed=1,
        num_samples_per_class=1,
        num_points=256)
    upright, turned = (SyntheticShapesDataset(rotation=rotation,
                                              **kwargs).get_data_info(2)
                       for rotation in (None, 'so3'))  # boxes
    # Without rotation the box is axis-aligned: the clean points span the
    # same box as the mesh, up to the points' own centring and scale.
    extent = np.ptp(upright['points'], 0)
    mesh_extent = np.ptp(upright['mesh_vertices'], 0)
    np.testing.assert_allclose(
        extent / extent.max(), mesh_extent / mesh_extent.max(), atol=1e-5)
    # The rotation that turns the mesh turns the points.
    rot_t = np.linalg.lstsq(
        upright['mesh_vertices'], turned['mesh_vertices'], rcond=None)[0]
    np.testing.assert_allclose(rot_t @ rot_t.T, np.eye(3), atol=1e-5)
    assert not np.allclose(rot_t, np.eye(3), atol=1e-2)
    np.testing.assert_allclose(
        upright['points'] @ rot_t, turned['points'], atol=1e-5)


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
    assert set(packed['inputs']) == {'points'}
    assert packed['inputs']['points'].shape == (64, 3)
    assert packed['data_samples'].gt_label.tolist() == [1]
    assert packed['data_samples'].metainfo == dict(sample_idx=3)


def test_pipeline_renders_the_mesh_for_a_teacher():
    init_default_scope('mmdet3d')
    dataset = SyntheticShapesDataset(
        **SMALL,
        pipeline=[
            dict(type='RenderMeshViews', image_size=16),
            dict(type='PackPointClsInputs')
        ])
    packed = dataset[3]
    assert packed['inputs']['points'].shape == (64, 3)
    imgs = packed['inputs']['imgs']
    assert imgs.shape == (6, 3, 16, 16) and 0 < imgs.mean() < 1
