"""Tests of pointcmt.datasets.readers.load_points on fixture files."""
import re
import struct

import numpy as np
import pytest

from pointcmt.datasets.readers import load_points, sample_mesh_surface

POINTS = np.array(
    [[0.0, 1.0, 2.0], [3.5, -4.0, 5.25], [6.0, 7.0, -8.5], [9.0, 10.0, 11.0]],
    dtype=np.float32)


def raises_naming(path, error=ValueError):
    """pytest.raises that also checks the message names the file."""
    return pytest.raises(error, match=re.escape(str(path)))


# ---------------------------------------------------------------- npy / txt
def test_npy_roundtrip_and_extra_columns(tmp_path):
    path = tmp_path / 'a.npy'
    data = np.concatenate([POINTS, np.ones((4, 2), np.float32)], 1)
    np.save(path, data.astype(np.float64))
    out = load_points(path)
    assert out.dtype == np.float32 and out.shape == (4, 5)
    np.testing.assert_array_equal(out, data)


@pytest.mark.parametrize(
    'array',
    [
        np.zeros(6, np.float32),  # 1-D
        np.zeros((4, 2), np.float32),  # too few columns
        np.array([[0, 1, np.nan]], np.float32),
        np.array([[0, 1, np.inf]], np.float32),
        np.array([['a', 'b', 'c']]),  # not numeric
    ])
def test_npy_bad_content(tmp_path, array):
    path = tmp_path / 'bad.npy'
    np.save(path, array)
    with raises_naming(path):
        load_points(path)


def test_npy_truncated(tmp_path):
    path = tmp_path / 'trunc.npy'
    np.save(path, POINTS)
    path.write_bytes(path.read_bytes()[:-5])
    with raises_naming(path):
        load_points(path)


@pytest.mark.parametrize('sep', [',', ' ', '\t'])
def test_txt_separators(tmp_path, sep):
    path = tmp_path / 'a.txt'
    normals = np.eye(3)[[0, 1, 2, 0]]
    rows = np.concatenate([POINTS, normals], 1)
    path.write_text('\n'.join(sep.join(f'{v:.6f}' for v in r)
                              for r in rows) + '\n')
    np.testing.assert_allclose(load_points(path), rows, atol=1e-6)


@pytest.mark.parametrize(
    'text',
    [
        '',  # empty
        '\n\n',  # blank only
        '1,2,3\n4,5\n',  # ragged rows
        '1,2\n3,4\n',  # two columns
        'x,y,z\n1,2,3\n',  # header line
        '1,2,3\n4,nan,6\n',  # NaN
    ])
def test_txt_malformed(tmp_path, text):
    path = tmp_path / 'bad.txt'
    path.write_text(text)
    with raises_naming(path):
        load_points(path)


def test_missing_and_unknown_suffix(tmp_path):
    with raises_naming(tmp_path / 'none.npy', FileNotFoundError):
        load_points(tmp_path / 'none.npy')
    path = tmp_path / 'a.xyz'
    path.write_text('1 2 3\n')
    with raises_naming(path):
        load_points(path)


# ---------------------------------------------------------------- meshes
def test_sample_mesh_surface_area_weighted():
    # Triangle A (area 2) at z=0 and triangle B (area 0.5) at z=1.
    vertices = np.array(
        [[0, 0, 0], [2, 0, 0], [0, 2, 0], [0, 0, 1], [1, 0, 1], [0, 1, 1]],
        dtype=np.float64)
    faces = np.array([[0, 1, 2], [3, 4, 5]])
    points = sample_mesh_surface(vertices, faces, 20000, seed=3)
    assert points.shape == (20000, 3) and points.dtype == np.float32
    on_a = points[:, 2] == 0
    assert abs(on_a.mean() - 0.8) < 0.02
    # Inside the triangles: x, y >= 0 and x + y <= side.
    assert (points[:, :2] >= -1e-6).all()
    assert (points[on_a, :2].sum(1) <= 2 + 1e-5).all()
    assert (points[~on_a, :2].sum(1) <= 1 + 1e-5).all()
    # Uniform within a triangle: mean of the big one is its centroid.
    np.testing.assert_allclose(
        points[on_a, :2].mean(0), [2 / 3, 2 / 3], atol=0.03)


def test_sample_mesh_surface_degenerate():
    vertices = np.zeros((3, 3))
    with pytest.raises(ValueError, match='my.off'):
        sample_mesh_surface(vertices, np.array([[0, 1, 2]]), 10, 0, 'my.off')


SQUARE_OFF = ('OFF\n# a unit square\n4 1 0\n0 0 0\n1 0 0\n1 1 0\n0 1 0\n'
              '4 0 1 2 3\n')


def test_off_square_deterministic(tmp_path):
    path = tmp_path / 'square.off'
    path.write_text(SQUARE_OFF)
    points = load_points(path, num_samples=500)
    assert points.shape == (500, 3)
    assert (points[:, 2] == 0).all()
    assert (points[:, :2] >= 0).all() and (points[:, :2] <= 1).all()
    np.testing.assert_array_equal(points, load_points(path, num_samples=500))
    assert not np.array_equal(points, load_points(path, 500, seed=1))
    assert len(load_points(path)) == 2048


def test_off_modelnet_header_and_vertices_only(tmp_path):
    path = tmp_path / 'modelnet_style.off'
    path.write_text('OFF4 1 0\n0 0 0\n1 0 0\n1 1 0\n0 1 0\n4 0 1 2 3\n')
    assert load_points(path, num_samples=64).shape == (64, 3)
    cloud = tmp_path / 'cloud.off'
    cloud.write_text('OFF\n3 0 0\n0 0 0\n1 0 0\n0 1 1\n')
    np.testing.assert_array_equal(
        load_points(cloud), [[0, 0, 0], [1, 0, 0], [0, 1, 1]])


@pytest.mark.parametrize(
    'text',
    [
        'OFF\n4 2 0\n0 0 0\n1 0 0\n1 1 0\n0 1 0\n3 0 1 2\n',  # missing face
        'OFF\n4 1 0\n0 0 0\n1 0 0\n',  # missing verts
        'OFF\n4 1 0\n0 0 0\n1 0 0\n1 1 0\n0 1 0\n3 0 1 9\n',  # bad index
        'OFF\n4 1 0\n0 0 0\n1 0 nan\n1 1 0\n0 1 0\n3 0 1 2\n',  # NaN vertex
        'OFF\n3 1 0\n0 0 0\n0 0 0\n0 0 0\n3 0 1 2\n',  # zero area
        'PLY\n',  # wrong header
    ])
def test_off_malformed(tmp_path, text):
    path = tmp_path / 'bad.off'
    path.write_text(text)
    with raises_naming(path):
        load_points(path)


# ---------------------------------------------------------------- ply
def ply_bytes(fmt, body, num_vertices=4, extra_header=''):
    header = (f'ply\nformat {fmt} 1.0\ncomment test\n'
              f'element vertex {num_vertices}\nproperty float x\n'
              f'property float y\nproperty float z\n{extra_header}'
              'end_header\n')
    return header.encode() + body


@pytest.mark.parametrize('fmt,order', [('binary_little_endian', '<'),
                                       ('binary_big_endian', '>')])
def test_ply_binary_point_cloud(tmp_path, fmt, order):
    path = tmp_path / 'cloud.ply'
    path.write_bytes(ply_bytes(fmt, POINTS.astype(order + 'f4').tobytes()))
    np.testing.assert_array_equal(load_points(path), POINTS)


def test_ply_ascii_point_cloud(tmp_path):
    path = tmp_path / 'cloud.ply'
    body = ''.join(' '.join(map(str, row)) + '\n' for row in POINTS)
    path.write_bytes(ply_bytes('ascii', body.encode()))
    np.testing.assert_array_equal(load_points(path), POINTS)


def test_ply_binary_mesh_sampled(tmp_path):
    square = np.array([[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0]], '<f4')
    faces = b''.join(
        struct.pack('<B3i', 3, *face) for face in ([0, 1, 2], [0, 2, 3]))
    path = tmp_path / 'mesh.ply'
    path.write_bytes(
        ply_bytes(
            'binary_little_endian',
            square.tobytes() + faces,
            extra_header='element face 2\nproperty list uchar int '
            'vertex_indices\n'))
    points = load_points(path, num_samples=300)
    assert points.shape == (300, 3) and (points[:, 2] == 0).all()
    assert (points[:, :2] >= 0).all() and (points[:, :2] <= 1).all()
    np.testing.assert_array_equal(points, load_points(path, num_samples=300))


@pytest.mark.parametrize(
    'content',
    [
        ply_bytes('binary_little_endian',
                  POINTS.astype('<f4').tobytes()[:-6]),
        ply_bytes('ascii', b'0 1 2\n3 4 5\n'),  # 2 of 4 lines
        ply_bytes('ascii', b'0 1 2\n3 4 5\n6 7 nan\n9 10 11\n'),
        ply_bytes('binary_middle_endian', b''),
        b'not a ply file at all\n',
    ])
def test_ply_malformed(tmp_path, content):
    path = tmp_path / 'bad.ply'
    path.write_bytes(content)
    with raises_naming(path):
        load_points(path)


# ---------------------------------------------------------------- pcd
def pcd_header(fields, sizes, types, num, data):
    return ('# .PCD v0.7 - Point Cloud Data file format\nVERSION 0.7\n'
            f'FIELDS {" ".join(fields)}\nSIZE {" ".join(map(str, sizes))}\n'
            f'TYPE {" ".join(types)}\nCOUNT {" ".join(["1"] * len(fields))}'
            f'\nWIDTH {num}\nHEIGHT 1\nVIEWPOINT 0 0 0 1 0 0 0\n'
            f'POINTS {num}\nDATA {data}\n').encode()


def test_pcd_ascii_reorders_xyz_first(tmp_path):
    intensity = np.array([5, 6, 7, 8], np.float32)
    rows = np.concatenate([intensity[:, None], POINTS], 1)
    path = tmp_path / 'a.pcd'
    path.write_bytes(
        pcd_header(['intensity', 'x', 'y', 'z'], [4] * 4, ['F'] *
                   4, 4, 'ascii') + ''.join(' '.join(map(str, r)) + '\n'
                                            for r in rows).encode())
    out = load_points(path)
    np.testing.assert_array_equal(out[:, :3], POINTS)
    np.testing.assert_array_equal(out[:, 3], intensity)


def test_pcd_binary_mixed_types(tmp_path):
    dtype = np.dtype([('x', '<f4'), ('y', '<f4'), ('z', '<f4'),
                      ('label', '<u2'), ('t', '<f8')])
    record = np.zeros(4, dtype)
    for i, axis in enumerate('xyz'):
        record[axis] = POINTS[:, i]
    record['label'] = [1, 2, 3, 65535]
    record['t'] = [0.5, 1.5, 2.5, 3.5]
    path = tmp_path / 'b.pcd'
    path.write_bytes(
        pcd_header(['x', 'y', 'z', 'label', 't'], [4, 4, 4, 2, 8],
                   ['F', 'F', 'F', 'U', 'F'], 4, 'binary') + record.tobytes())
    out = load_points(path)
    assert out.shape == (4, 5)
    np.testing.assert_array_equal(out[:, :3], POINTS)
    np.testing.assert_array_equal(out[:, 3], [1, 2, 3, 65535])
    np.testing.assert_array_equal(out[:, 4], [0.5, 1.5, 2.5, 3.5])


@pytest.mark.parametrize(
    'content',
    [
        pcd_header(list('xyz'), [4] * 3, ['F'] * 3, 4, 'binary') +
        POINTS.tobytes()[:-4],  # truncated
        pcd_header(list('xyz'), [4] * 3, ['F'] * 3, 4, 'binary_compressed') +
        b'\x00' * 64,
        pcd_header(list('xyz'), [4] * 3, ['F'] * 3, 4, 'ascii') +
        b'1 2 3\n4 5 6\n',  # 2 of 4 rows
        pcd_header(list('xyz'), [4] * 3, ['F'] * 3, 1, 'ascii') + b'1 2 nan\n',
        pcd_header(['x', 'y', 'i'], [4] * 3, ['F'] * 3, 1, 'ascii') +
        b'1 2 3\n',  # no z field
        b'VERSION 0.7\nFIELDS x y z\n',  # no DATA
    ])
def test_pcd_malformed(tmp_path, content):
    path = tmp_path / 'bad.pcd'
    path.write_bytes(content)
    with raises_naming(path):
        load_points(path)


def test_pcd_binary_compressed_message(tmp_path):
    path = tmp_path / 'c.pcd'
    path.write_bytes(
        pcd_header(list('xyz'), [4] * 3, ['F'] * 3, 1, 'binary_compressed') +
        b'\x00' * 16)
    with pytest.raises(ValueError, match='binary_compressed'):
        load_points(path)


@pytest.mark.parametrize('suffix', ['.npy', '.txt', '.off', '.ply', '.pcd'])
def test_empty_files(tmp_path, suffix):
    path = tmp_path / f'empty{suffix}'
    path.write_bytes(b'')
    with raises_naming(path):
        load_points(path)
