"""Readers that turn one shape file into an ``(N, C)`` float32 point array.

Supported suffixes (case-insensitive):

- ``.npy``: a 2-D numeric array with at least 3 columns.
- ``.txt``: comma- or whitespace-separated rows, e.g.
  ``modelnet40_normal_resampled`` rows ``x,y,z,nx,ny,nz``.
- ``.off``: a mesh, sampled area-weighted to ``num_samples`` points with a
  fixed seed (a file without faces returns its vertices).
- ``.ply``: ASCII or binary (little/big endian); a point cloud returns its
  vertex xyz, a mesh is sampled like ``.off``.
- ``.obj``: a Wavefront mesh, sampled like ``.off``.

Meshes are parsed by :mod:`pointcmt.datasets.mesh_readers` (polygons are
fan-triangulated, see there), which also gives ``load_mesh`` for renderers.
- ``.pcd``: ASCII or binary (not ``binary_compressed``) with fields
  ``x y z`` and optionally others; returns xyz, then the other fields in
  file order.

Every reader returns xyz in the first three columns. Any problem (missing,
empty or truncated file, wrong column count, NaN/Inf values, unknown
suffix) raises ``FileNotFoundError`` or ``ValueError`` naming the file and
what was expected.
"""
from pathlib import Path
from typing import Callable, Dict, List, Tuple, Union

import numpy as np

from .mesh_readers import check_mesh, check_shape_file
from .mesh_readers import data_lines as _data_lines
from .mesh_readers import read_mesh_file

__all__ = ['load_points', 'sample_mesh_surface', 'SUPPORTED_SUFFIXES']

PathLike = Union[str, Path]


def sample_mesh_surface(vertices: np.ndarray,
                        faces: np.ndarray,
                        num_samples: int,
                        seed: Union[int, np.random.Generator],
                        name: str = 'mesh') -> np.ndarray:
    """Sample points uniformly (area-weighted) on a triangle mesh.

    Args:
        vertices (np.ndarray): ``(V, 3)`` vertex positions.
        faces (np.ndarray): ``(F, 3)`` integer vertex indices.
        num_samples (int): Number of points to draw.
        seed (int | np.random.Generator): Seed of the private generator,
            so a file always gives the same points; or a generator to draw
            from (it advances).
        name (str): Name used in error messages (the file path).

    Returns:
        np.ndarray: ``(num_samples, 3)`` float32 surface points.
    """
    if num_samples <= 0:
        raise ValueError(f'num_samples must be positive, got {num_samples}')
    tri = np.asarray(vertices, dtype=np.float64)[np.asarray(faces)]
    edge1, edge2 = tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]
    areas = 0.5 * np.linalg.norm(np.cross(edge1, edge2), axis=1)
    total = areas.sum()
    if not np.isfinite(total) or total <= 0:
        raise ValueError(f'{name}: mesh has zero or non-finite surface area, '
                         'expected faces with positive area to sample from')
    rng = np.random.default_rng(seed)
    face_idx = rng.choice(len(areas), size=num_samples, p=areas / total)
    u, v = rng.random((2, num_samples, 1))
    root = np.sqrt(u)
    points = (
        tri[face_idx, 0] * (1 - root) + tri[face_idx, 1] * root * (1 - v) +
        tri[face_idx, 2] * root * v)
    return points.astype(np.float32)


def _read_npy(path: Path, **_) -> np.ndarray:
    try:
        array = np.load(path, allow_pickle=False)
    except (ValueError, OSError, EOFError) as err:
        raise ValueError(f'{path}: not a readable .npy array '
                         f'(truncated or corrupt?): {err}') from err
    if not (np.issubdtype(array.dtype, np.floating)
            or np.issubdtype(array.dtype, np.integer)):
        raise ValueError(f'{path}: expected a numeric array, got dtype '
                         f'{array.dtype}')
    return array


def _read_txt(path: Path, **_) -> np.ndarray:
    lines = _data_lines(path.read_text())
    if not lines:
        raise ValueError(f'{path}: empty file, expected rows of x y z ...')
    delimiter = ',' if ',' in lines[0] else None
    try:
        return np.loadtxt(
            lines, delimiter=delimiter, dtype=np.float64, ndmin=2)
    except ValueError as err:
        raise ValueError(f'{path}: expected rows with the same number of '
                         f'numeric columns (x y z first): {err}') from err


def _read_mesh(path: Path, num_samples: int, seed: int) -> np.ndarray:
    """Sample a mesh file's surface; a file without faces gives vertices."""
    vertices, faces = read_mesh_file(path)
    if faces is None:
        return vertices
    check_mesh(path, vertices, faces)
    return sample_mesh_surface(vertices, faces, num_samples, seed, str(path))


_PCD_TYPES = {
    ('F', 4): 'f4',
    ('F', 8): 'f8',
    ('I', 1): 'i1',
    ('I', 2): 'i2',
    ('I', 4): 'i4',
    ('I', 8): 'i8',
    ('U', 1): 'u1',
    ('U', 2): 'u2',
    ('U', 4): 'u4',
    ('U', 8): 'u8'
}


def _pcd_header(path: Path, data: bytes) -> Tuple[Dict[str, List[str]], int]:
    """Return header fields (upper-case keys) and the body offset."""
    header: Dict[str, List[str]] = {}
    offset = 0
    while 'DATA' not in header:
        end = data.find(b'\n', offset)
        if end < 0:
            raise ValueError(f'{path}: PCD header has no DATA line, '
                             'expected a header ending with DATA ascii|binary')
        words = data[offset:end].decode('ascii', 'replace').split()
        offset = end + 1
        if words and not words[0].startswith('#'):
            header[words[0].upper()] = words[1:]
    for key in ('FIELDS', 'SIZE', 'TYPE', 'POINTS'):
        if key not in header:
            raise ValueError(f'{path}: PCD header lacks {key}')
    return header, offset


def _read_pcd(path: Path, **_) -> np.ndarray:
    data = path.read_bytes()
    header, offset = _pcd_header(path, data)
    fields = header['FIELDS']
    counts = [int(c) for c in header.get('COUNT', ['1'] * len(fields))]
    if not {'x', 'y', 'z'} <= set(fields) or not (len(fields) == len(
            header['SIZE']) == len(header['TYPE']) == len(counts)):
        raise ValueError(f'{path}: PCD needs fields x y z and one SIZE, '
                         f'TYPE and COUNT per field, got FIELDS {fields}')
    try:
        dtype = np.dtype([
            (f'{name}_{i}', '<' + _PCD_TYPES[(t, int(s))], (c, ))
            for i, (name, s, t, c) in enumerate(
                zip(fields, header['SIZE'], header['TYPE'], counts))
        ])
    except KeyError as err:
        raise ValueError(f'{path}: unsupported PCD TYPE/SIZE {err}') from err
    num_points, mode = int(header['POINTS'][0]), header['DATA'][0].lower()
    if mode == 'ascii':
        lines = _data_lines(data[offset:].decode('ascii', 'replace'))
        if len(lines) != num_points:
            raise ValueError(f'{path}: PCD declares {num_points} points but '
                             f'has {len(lines)} data lines')
        try:
            table = np.loadtxt(lines, dtype=np.float64, ndmin=2)
        except ValueError as err:
            raise ValueError(f'{path}: bad ASCII PCD data: {err}') from err
        if table.shape[1] != sum(counts):
            raise ValueError(f'{path}: expected {sum(counts)} columns per '
                             f'PCD row, got {table.shape[1]}')
        columns = np.split(table, np.cumsum(counts)[:-1], axis=1)
    elif mode == 'binary':
        expected = num_points * dtype.itemsize
        if len(data) - offset < expected:
            raise ValueError(
                f'{path}: truncated binary PCD, expected '
                f'{expected} data bytes, got {len(data) - offset}')
        record = np.frombuffer(data, dtype, count=num_points, offset=offset)
        columns = [
            record[name].reshape(num_points, -1).astype(np.float64)
            for name in dtype.names
        ]
    else:
        raise ValueError(f'{path}: PCD DATA {mode!r} is not supported, '
                         'expected ascii or binary (convert '
                         'binary_compressed files first)')
    xyz = [columns[fields.index(axis)] for axis in 'xyz']
    rest = [
        col for name, col in zip(fields, columns)
        if name not in ('x', 'y', 'z', '_')
    ]
    return np.concatenate(xyz + rest, axis=1)


_READERS: Dict[str, Callable[..., np.ndarray]] = {
    '.npy': _read_npy,
    '.txt': _read_txt,
    '.off': _read_mesh,
    '.ply': _read_mesh,
    '.obj': _read_mesh,
    '.pcd': _read_pcd
}
SUPPORTED_SUFFIXES = tuple(_READERS)


def load_points(path: PathLike,
                num_samples: int = 2048,
                seed: int = 0) -> np.ndarray:
    """Read a shape file as points.

    Args:
        path (str | Path): File with one of :data:`SUPPORTED_SUFFIXES`.
        num_samples (int): Points drawn from a mesh's surface (``.off``,
            ``.ply`` and ``.obj`` meshes); ignored for point clouds.
            Defaults to 2048.
        seed (int): Seed of the mesh surface sampling. Defaults to 0.

    Returns:
        np.ndarray: ``(N, C)`` float32, ``C >= 3``, xyz first, all finite.
    """
    path = Path(path)
    check_shape_file(path, SUPPORTED_SUFFIXES, 'point')
    read = _READERS[path.suffix.lower()]
    points = read(path, num_samples=num_samples, seed=seed)
    if points.ndim != 2 or points.shape[0] == 0 or points.shape[1] < 3:
        raise ValueError(f'{path}: expected a non-empty (N, C>=3) point '
                         f'array, got shape {points.shape}')
    bad = ~np.isfinite(points).all(axis=1)
    if bad.any():
        raise ValueError(f'{path}: {int(bad.sum())} of {len(points)} points '
                         f'have NaN/Inf values (first at row '
                         f'{int(np.argmax(bad))}), expected finite values')
    return points.astype(np.float32)
