"""RenderMeshViews(cache_dir=...): rendered once, read back, checked."""
import os

import numpy as np
import pytest
import trimesh
from _helpers import REPO

from pointcmt.datasets.transforms import LoadMeshFromShapeFile, RenderMeshViews

MODELNET_OFF = os.path.join(os.path.dirname(REPO), 'shared', 'data',
                            'modelnet_off_samples')
OPTIONS = dict(views='dodecahedron20', image_size=16, mode='shaded')


def box_mesh(extents=(1, 2, 3)):
    box = trimesh.creation.box(extents=extents)
    return dict(
        pts_path='box.off',
        mesh_vertices=np.asarray(box.vertices, np.float32),
        mesh_faces=np.asarray(box.faces, np.int64))


def entries(folder):
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def test_renders_once_then_reads(tmp_path):
    cache = str(tmp_path / 'views')
    cached = RenderMeshViews(cache_dir=cache, **OPTIONS)
    first = cached(box_mesh())['imgs']
    (entry, ) = entries(cache)  # one file, no temporary left behind
    assert entry.endswith('.npz')
    fresh = RenderMeshViews(**OPTIONS)(box_mesh())['imgs']
    assert first.shape == fresh.shape == (20, 16, 16, 3)
    assert first.dtype == np.float32
    # 8-bit storage: the rendering rounded to multiples of 1/255.
    np.testing.assert_array_equal(first, np.rint(fresh * 255) / 255)
    # The second call reads the entry (overwritten here to tell).
    path = os.path.join(cache, entry)
    marker = np.full((20, 16, 16), 7, np.uint8)
    np.savez_compressed(path, views=marker)
    again = cached(box_mesh())['imgs']
    np.testing.assert_array_equal(again, np.full(first.shape, 7 / 255,
                                                 np.float32))


def test_key_covers_mesh_and_settings(tmp_path):
    cache = str(tmp_path / 'views')
    RenderMeshViews(cache_dir=cache, **OPTIONS)(box_mesh())
    RenderMeshViews(cache_dir=cache, **OPTIONS)(box_mesh((1, 1, 3)))
    assert len(entries(cache)) == 2
    RenderMeshViews(cache_dir=cache, **dict(OPTIONS, mode='depth'))(
        box_mesh())
    RenderMeshViews(cache_dir=cache, normalize=False, **OPTIONS)(box_mesh())
    assert len(entries(cache)) == 4
    # The same mesh and settings from another sample: the same entry.
    RenderMeshViews(cache_dir=cache, **OPTIONS)(
        dict(box_mesh(), pts_path='copy.off'))
    assert len(entries(cache)) == 4


@pytest.mark.parametrize('content', [b'not a zip', None])
def test_corrupt_entry_names_the_file(tmp_path, content):
    cache = str(tmp_path / 'views')
    transform = RenderMeshViews(cache_dir=cache, **OPTIONS)
    transform(box_mesh())
    path = os.path.join(cache, entries(cache)[0])
    if content is None:  # a readable file of the wrong shape
        np.savez_compressed(path, views=np.zeros((6, 16, 16), np.uint8))
        match = r'\(6, 16, 16\), expected uint8 \(20, 16, 16\)'
    else:
        with open(path, 'wb') as file:
            file.write(content)
        match = 'corrupt cache file'
    with pytest.raises(ValueError, match=match) as err:
        transform(box_mesh())
    assert path in str(err.value)


@pytest.mark.skipif(
    not os.path.isdir(MODELNET_OFF), reason=f'{MODELNET_OFF} absent')
def test_real_off_mesh(tmp_path):
    path = os.path.join(MODELNET_OFF, 'bed', 'bed_0001.off')
    results = LoadMeshFromShapeFile(num_samples=64)(dict(pts_path=path))
    cached = RenderMeshViews(cache_dir=str(tmp_path), **OPTIONS)
    first = cached(dict(results))['imgs']
    second = cached(dict(results))['imgs']
    np.testing.assert_array_equal(first, second)
    covered = (first[..., 0] > 0).mean(axis=(1, 2))
    assert (covered > 0.05).all()  # every view sees the bed
