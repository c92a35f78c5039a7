"""Mesh files -> vertices + triangles: OFF, PLY, OBJ and their errors."""
import re
import struct

import numpy as np
import pytest
import trimesh

from pointcmt.datasets import load_mesh, load_points

SQUARE_V = np.array([[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0]], float)


def raises_naming(path, match='', error=ValueError):
    return pytest.raises(error, match=re.escape(str(path)) + '.*' + match)


def test_obj_indices_slashes_negative_and_fan(tmp_path):
    path = tmp_path / 'shape.obj'
    path.write_text('# a comment\nmtllib x.mtl\no square\n'
                    'v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0 1.0\n'
                    'vt 0 0\nvn 0 0 1\ns off\n'
                    'f 1/1/1 2/1/1 3/1/1 4/1/1\n'  # a quad: fanned
                    'v 2 2 2\n'
                    'f -5//1 -4//1 -1//1\n')  # relative to 5 vertices
    vertices, faces = load_mesh(path)
    np.testing.assert_array_equal(vertices[:4], SQUARE_V)
    np.testing.assert_array_equal(faces, [[0, 1, 2], [0, 2, 3], [0, 1, 4]])
    assert vertices.dtype == np.float64 and faces.dtype == np.int64


def test_pentagon_fan_rule_same_in_obj_and_off(tmp_path):
    corners = [[0, 0, 0], [1, 0, 0], [2, 1, 0], [1, 2, 0], [0, 1, 0]]
    obj = tmp_path / 'p.obj'
    obj.write_text(''.join(f'v {x} {y} {z}\n'
                           for x, y, z in corners) + 'f 1 2 3 4 5\n')
    off = tmp_path / 'p.off'
    off.write_text('OFF\n5 1 0\n' + ''.join(f'{x} {y} {z}\n'
                                            for x, y, z in corners) +
                   '5 0 1 2 3 4\n')
    fan = [[0, 1, 2], [0, 2, 3], [0, 3, 4]]
    for path in (obj, off):
        np.testing.assert_array_equal(load_mesh(path)[1], fan)


def test_off_ply_obj_of_one_mesh_agree(tmp_path):
    box = trimesh.creation.box(extents=(1, 2, 3))
    for suffix in ('off', 'ply', 'obj'):
        path = tmp_path / f'box.{suffix}'
        if suffix == 'obj':  # written by hand: trimesh's OBJ adds normals
            path.write_text(''.join(f'v {x} {y} {z}\n'
                                    for x, y, z in box.vertices) +
                            ''.join(f'f {a + 1} {b + 1} {c + 1}\n'
                                    for a, b, c in box.faces))
        else:
            box.export(path)
        vertices, faces = load_mesh(path)
        np.testing.assert_allclose(vertices, box.vertices, atol=1e-6)
        np.testing.assert_array_equal(faces, box.faces)
        # load_points samples the same surface
        points = load_points(path, num_samples=500)
        assert points.shape == (500, 3)
        assert (np.abs(points) <= np.array([0.5, 1, 1.5]) + 1e-6).all()


def test_binary_ply_mesh(tmp_path):
    header = ('ply\nformat binary_little_endian 1.0\nelement vertex 4\n'
              'property float x\nproperty float y\nproperty float z\n'
              'element face 2\nproperty list uchar int vertex_indices\n'
              'end_header\n').encode()
    body = SQUARE_V.astype('<f4').tobytes() + b''.join(
        struct.pack('<B3i', 3, *f) for f in ([0, 1, 2], [0, 2, 3]))
    path = tmp_path / 'sq.ply'
    path.write_bytes(header + body)
    vertices, faces = load_mesh(path)
    np.testing.assert_array_equal(vertices, SQUARE_V)
    np.testing.assert_array_equal(faces, [[0, 1, 2], [0, 2, 3]])
    path.write_bytes(header + body[:-7])  # truncated
    with raises_naming(path):
        load_mesh(path)


OFF_SQUARE = 'OFF\n4 2 0\n0 0 0\n1 0 0\n1 1 0\n0 1 0\n'
PLY_CLOUD = ('ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\n'
             'property float y\nproperty float z\nend_header\n'
             '0 0 0\n1 0 0\n0 1 0\n')


@pytest.mark.parametrize('name,text,match', [
    ('empty.off', '', 'empty file'),
    ('empty.obj', '', 'empty file'),
    ('novert.obj', '# nothing\n', 'no vertices'),
    ('noface.obj', 'v 0 0 0\nv 1 0 0\nv 0 1 0\n', 'no faces'),
    ('cloud.ply', PLY_CLOUD, 'no faces'),
    ('noface.off', 'OFF\n3 0 0\n0 0 0\n1 0 0\n0 1 0\n', 'no faces'),
    ('edge.obj', 'v 0 0 0\nv 1 0 0\nf 1 2\n', 'line 3.*2 corners'),
    ('edge.off', OFF_SQUARE + '3 0 1 2\n2 0 1\n', 'face 1.*3 or more'),
    ('nan.obj', 'v 0 0 nan\nv 1 0 0\nv 0 1 0\nf 1 2 3\n', 'NaN/Inf.*vertex 0'),
    ('inf.off', 'OFF\n3 1 0\n0 0 0\n1 inf 0\n0 1 0\n3 0 1 2\n',
     'NaN/Inf.*vertex 1'),
    ('range.obj', 'v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 4\n',
     r'face 0 indexes.*\[0, 3\)'),
    ('zero.obj', 'v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 0\n', 'index 0'),
    ('range.off', OFF_SQUARE + '3 0 1 2\n3 0 2 9\n', ''),
    ('trunc.off', OFF_SQUARE + '3 0 1 2\n', 'truncated OFF'),
    ('trunc.obj', 'v 0 0 0\nv 1 0 0\nv 0 1\n', 'line 3.*v x y z'),
    ('text.obj', 'v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 a 3\n', 'bad face corner'),
    ('flat.obj', 'v 0 0 0\nv 1 0 0\nv 2 0 0\nf 1 2 3\n', 'zero surface'),
    ('range.ply',
     PLY_CLOUD.replace(
         'end_header', 'element face 1\nproperty list uchar int '
         'vertex_indices\nend_header') + '3 0 1 5\n', ''),
])
def test_bad_meshes_name_the_file(tmp_path, name, text, match):
    path = tmp_path / name
    path.write_text(text)
    with raises_naming(path, match):
        load_mesh(path)


def test_missing_and_unknown_suffix(tmp_path):
    with raises_naming(tmp_path / 'no.off', 'not found', FileNotFoundError):
        load_mesh(tmp_path / 'no.off')
    (tmp_path / 'a.npy').write_bytes(b'x')
    with raises_naming(tmp_path / 'a.npy', 'mesh file suffix'):
        load_mesh(tmp_path / 'a.npy')
