"""LoadMeshFromShapeFile + RenderMeshViews, alone and feeding a teacher."""
from pathlib import Path

import numpy as np
import pytest
import torch
import trimesh
from _helpers import SHARED_DATA, tiny_teacher_cfg
from mmengine.dataset import pseudo_collate
from mmengine.optim import OptimWrapper

from mmdet3d.registry import DATASETS, MODELS, TRANSFORMS
from pointcmt.datasets.transforms import (LoadMeshFromShapeFile,
                                          LoadPointsFromShapeFile,
                                          RenderMeshViews)
from pointcmt.ops import normalize_mesh_to_unit_sphere, render_mesh_views

MODELNET_OFF = Path(SHARED_DATA) / 'modelnet_off_samples'


def write_obj(path, mesh):
    path.write_text(''.join(f'v {x} {y} {z}\n' for x, y, z in mesh.vertices) +
                    ''.join(f'f {a + 1} {b + 1} {c + 1}\n'
                            for a, b, c in mesh.faces))


def test_points_equal_load_points_and_mesh_kept(tmp_path):
    path = tmp_path / 'box.off'
    trimesh.creation.box(extents=(1, 2, 3)).export(path)
    results = LoadMeshFromShapeFile(
        num_samples=300, seed=3)(
            dict(pts_path=str(path)))
    assert results['mesh_vertices'].shape == (8, 3)
    assert results['mesh_vertices'].dtype == np.float32
    assert results['mesh_faces'].shape == (12, 3)
    assert results['mesh_faces'].dtype == np.int64
    same = LoadPointsFromShapeFile(
        num_samples=300, seed=3)(
            dict(pts_path=str(path)))
    np.testing.assert_array_equal(results['points'], same['points'])
    assert 'num_samples=300' in repr(LoadMeshFromShapeFile(num_samples=300))


def test_render_transform_equals_batched_function(tmp_path):
    box = trimesh.creation.box(extents=(1, 2, 3))
    results = dict(
        mesh_vertices=np.asarray(box.vertices, np.float32) + 5,
        mesh_faces=np.asarray(box.faces))
    transform = TRANSFORMS.build(
        dict(type='RenderMeshViews', views='ring12', image_size=24))
    imgs = transform(results)['imgs']
    assert imgs.shape == (12, 24, 24, 3) and imgs.dtype == np.float32
    assert 0 <= imgs.min() and imgs.max() <= 1
    unit = normalize_mesh_to_unit_sphere(box.vertices + 5, box.faces)[0]
    expected = render_mesh_views(
        torch.from_numpy(unit)[None],
        torch.from_numpy(np.asarray(box.faces))[None],
        views='ring12',
        image_size=24)[0].numpy()
    np.testing.assert_array_equal(imgs, expected)
    # the results' mesh is untouched; normalize=False draws it as it is
    assert results['mesh_vertices'].min() >= 3.4
    raw = RenderMeshViews(image_size=24, normalize=False)(results)['imgs']
    assert raw.max() == 0  # the raw box lies outside the frame
    assert 'normalize=False' in repr(RenderMeshViews(normalize=False))


def test_teacher_sees_the_augmented_mesh():
    """RandomScaleTranslatePoints(with_mesh=True) before RenderMeshViews:
    a sphere given a per-axis scale is drawn as an ellipse in a top view, with
    the aspect ratio of the draw's x and y scales."""
    sphere = trimesh.creation.icosphere(subdivisions=3)
    results = dict(
        points=np.asarray(sphere.vertices, np.float32),
        mesh_vertices=np.asarray(sphere.vertices, np.float32),
        mesh_faces=np.asarray(sphere.faces))
    np.random.seed(2)
    augment = TRANSFORMS.build(
        dict(
            type='RandomScaleTranslatePoints',
            scale_range=(0.5, 2.0),
            with_mesh=True))
    render = TRANSFORMS.build(
        dict(
            type='RenderMeshViews',
            views=dict(azimuths=[0], elevations=[90]),
            image_size=64))
    np.random.seed(2)
    scale = np.random.uniform(0.5, 2.0, size=3)
    np.random.seed(2)
    silhouette = render(augment(results))['imgs'][0, ..., 0] > 0
    extents = [silhouette.any(axis=a).sum() for a in (0, 1)]
    expected = max(scale[:2]) / min(scale[:2])
    assert expected > 1.5  # the draw does stretch the sphere
    assert max(extents) / min(extents) == pytest.approx(expected, rel=0.1)


@pytest.mark.skipif(
    not MODELNET_OFF.is_dir(), reason='no ModelNet OFF samples')
@pytest.mark.parametrize('name',
                         ['bathtub/bathtub_0002.off', 'bed/bed_0003.off'])
def test_real_modelnet_off(name):
    # bathtub_0002 has its counts on the OFF line; both are in CAD units.
    path = MODELNET_OFF / name
    if not path.is_file():
        pytest.skip(f'{path} absent')
    results = LoadMeshFromShapeFile(num_samples=512)(dict(pts_path=str(path)))
    assert np.abs(results['mesh_vertices']).max() > 5  # raw CAD units
    imgs = RenderMeshViews(views='simpleview6', image_size=32)(results)['imgs']
    assert imgs.shape == (6, 32, 32, 3)
    covered = (imgs[..., 0] > 0).mean(axis=(1, 2))
    assert (covered > 0.05).all() and (covered < 0.95).all()
    # normalised into the frame: nothing touches the image border
    border = np.concatenate(
        [imgs[:, 0], imgs[:, -1], imgs[:, :, 0], imgs[:, :, -1]], axis=1)
    assert border.max() == 0
    assert results['points'].shape == (512, 3)


def test_bad_meshes_in_the_pipeline(tmp_path):
    path = tmp_path / 'nan.obj'
    path.write_text('v 0 0 nan\nv 1 0 0\nv 0 1 0\nf 1 2 3\n')
    with pytest.raises(ValueError, match='nan.obj.*NaN'):
        LoadMeshFromShapeFile()(dict(pts_path=str(path)))
    with pytest.raises(KeyError, match='pts_path'):
        LoadMeshFromShapeFile()(dict(sample_idx=4))
    render = RenderMeshViews()
    good = dict(
        mesh_vertices=np.eye(3, dtype=np.float32),
        mesh_faces=np.array([[0, 1, 2]]),
        pts_path='x.off')
    with pytest.raises(KeyError, match="x.off.*'mesh_faces'"):
        render(dict(mesh_vertices=good['mesh_vertices'], pts_path='x.off'))
    for key, value, match in [
        ('mesh_vertices', np.full((3, 3), np.nan, np.float32), 'NaN'),
        ('mesh_vertices', np.zeros((3, 2), np.float32), r'\(N, 3\)'),
        ('mesh_faces', np.array([[0, 1, 3]]), r'index 0\.\.3'),
        ('mesh_faces', np.zeros((1, 4), np.int64), r'\(F, 3\)'),
        ('mesh_vertices', np.zeros((3, 3), np.float32), 'zero'),
    ]:
        with pytest.raises(ValueError, match='x.off.*' + match):
            render(dict(good, **{key: value}))
    with pytest.raises(ValueError, match='views'):
        RenderMeshViews(views='cube6')
    with pytest.raises(ValueError, match='num_samples'):
        LoadMeshFromShapeFile(num_samples=0)


def _write_mesh_folder(root):
    """2 classes x 3 train shapes, one OFF, one PLY and one OBJ each."""
    makers = dict(
        box=lambda s: trimesh.creation.box(extents=(s, 1, 2)),
        cone=lambda s: trimesh.creation.cone(radius=s, height=2, sections=16))
    for name, make in makers.items():
        folder = root / name / 'train'
        folder.mkdir(parents=True)
        for i, suffix in enumerate(('off', 'ply', 'obj')):
            mesh = make(0.5 + 0.3 * i)
            path = folder / f'{name}_{i}.{suffix}'
            write_obj(path, mesh) if suffix == 'obj' else mesh.export(path)


def test_teacher_trains_one_step_on_mesh_views(tmp_path):
    _write_mesh_folder(tmp_path)
    dataset = DATASETS.build(
        dict(
            type='ModelNetDataset',
            data_root=str(tmp_path),
            split='trainval',
            pipeline=[
                dict(type='LoadMeshFromShapeFile', num_samples=64),
                dict(type='NormalizePointsToUnitSphere'),
                dict(type='RenderMeshViews', views='ring12', image_size=16),
                dict(type='PackPointClsInputs')
            ]))
    assert len(dataset) == 6
    suffixes = {
        Path(dataset[i]['data_samples'].pts_path).suffix
        for i in range(6)
    }
    assert suffixes == {'.off', '.ply', '.obj'}
    torch.manual_seed(0)
    teacher = MODELS.build(
        tiny_teacher_cfg(
            num_classes=2,
            data_preprocessor=dict(
                type='PointClsDataPreprocessor',
                img_mean=[0.5] * 3,
                img_std=[0.25] * 3)))
    batch = pseudo_collate([dataset[i] for i in range(6)])
    assert batch['inputs']['imgs'][0].shape == (12, 3, 16, 16)
    before = teacher.head.fc.weight.clone()
    log = teacher.train_step(
        batch, OptimWrapper(torch.optim.SGD(teacher.parameters(), lr=0.1)))
    assert torch.isfinite(log['loss'])
    assert not torch.equal(before, teacher.head.fc.weight)
