"""Readers that turn one shape file into an ``(N, C)`` float32 point array.

Supported suffixes (case-insensitive):

- ``.npy``: a 2-D numeric array with at least 3 columns.
- ``.txt``: comma- or whitespace-separated rows, e.g.
  ``modelnet40_normal_resampled`` rows ``x,y,z,nx,ny,nz``.
- ``.off``: a mesh, sampled area-weighted to ``num_samples`` points with a
  fixed seed (a file without faces returns its vertices).
- ``.ply``: ASCII or binary (little/big endian); a point cloud returns its
  vertex xyz, a mesh is sampled like ``.off``.
- ``.pcd``: ASCII or binary (not ``binary_compressed``) with fields
  ``x y z`` and optionally others; returns xyz, then the other fields in
  file order.

Every reader returns xyz in the first three columns. Any problem (missing,
empty or truncated file, wrong column count, NaN/Inf values, unknown
suffix) raises ``FileNotFoundError`` or ``ValueError`` naming the file and
what was expected.
"""
import io
from pathlib import Path
from typing import Callable, Dict, List, Tuple, Union

import numpy as np
import trimesh

__all__ = ['load_points', 'sample_mesh_surface', 'SUPPORTED_SUFFIXES']

PathLike = Union[str, Path]


def sample_mesh_surface(vertices: np.ndarray,
                        faces: np.ndarray,
                        num_samples: int,
                        seed: int,
                        name: str = 'mesh') -> np.ndarray:
    """Sample points uniformly (area-weighted) on a triangle mesh.

    Args:
        vertices (np.ndarray): ``(V, 3)`` vertex positions.
        faces (np.ndarray): ``(F, 3)`` integer vertex indices.
        num_samples (int): Number of points to draw.
        seed (int): Seed of the private generator, so a file always gives
            the same points.
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


def _data_lines(text: str) -> List[str]:
    """Non-empty lines with ``#`` comments stripped."""
    lines = (line.split('#', 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


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


def _mesh_or_vertices(path: Path, data: bytes, file_type: str,
                      num_samples: int, seed: int) -> np.ndarray:
    """Parse with trimesh; sample faces if any, else return vertices."""
    try:
        geometry = trimesh.load(
            io.BytesIO(data), file_type=file_type, process=False)
    except Exception as err:  # trimesh raises many types on bad files
        raise ValueError(f'{path}: could not parse the {file_type.upper()} '
                         f'file: {err}') from err
    vertices = np.asarray(geometry.vertices, dtype=np.float64)
    faces = getattr(geometry, 'faces', None)
    if faces is None or len(faces) == 0:
        return vertices
    if not np.isfinite(vertices).all():
        raise ValueError(f'{path}: NaN/Inf in mesh vertices, expected '
                         'finite coordinates')
    return sample_mesh_surface(vertices, faces, num_samples, seed, str(path))


def _read_off(path: Path, num_samples: int, seed: int) -> np.ndarray:
    data = path.read_bytes()
    lines = _data_lines(data.decode('ascii', errors='replace'))
    if not lines or not lines[0].startswith('OFF'):
        raise ValueError(f'{path}: expected an OFF header line, got '
                         f'{lines[0][:40] if lines else "an empty file"!r}')
    # ModelNet40 has files whose first line is 'OFF<nv> <nf> <ne>'.
    if lines[0][3:].strip():
        counts, body = lines[0][3:].split(), lines[1:]
    else:
        counts = lines[1].split() if len(lines) > 1 else []
        body = lines[2:]
    if len(counts) < 2 or not all(c.isdigit() for c in counts[:2]):
        raise ValueError(f'{path}: expected vertex and face counts after '
                         f'OFF, got {counts}')
    num_vertices, num_faces = int(counts[0]), int(counts[1])
    if len(body) < num_vertices + num_faces:
        raise ValueError(f'{path}: truncated OFF, header declares '
                         f'{num_vertices} vertices + {num_faces} faces but '
                         f'only {len(body)} data lines follow')
    return _mesh_or_vertices(path, data, 'off', num_samples, seed)


def _ply_header(path: Path, data: bytes) -> Tuple[str, Dict[str, int], int]:
    """Return (format, element counts, body offset) of a PLY file."""
    end = data.find(b'end_header')
    if not data.startswith(b'ply') or end < 0:
        raise ValueError(f'{path}: expected a PLY header starting with '
                         "'ply' and ending with 'end_header'")
    header = data[:end].decode('ascii', errors='replace').splitlines()
    body_start = data.find(b'\n', end) + 1
    fmt, counts = '', {}
    for line in header:
        words = line.split()
        if words[:1] == ['format'] and len(words) > 1:
            fmt = words[1]
        elif words[:1] == ['element'] and len(words) == 3:
            counts[words[1]] = int(words[2])
    if fmt not in ('ascii', 'binary_little_endian', 'binary_big_endian'):
        raise ValueError(f'{path}: unknown PLY format {fmt!r}, expected '
                         'ascii, binary_little_endian or binary_big_endian')
    if counts.get('vertex', 0) <= 0:
        raise ValueError(f'{path}: PLY declares no vertices, expected '
                         "'element vertex N' with N > 0")
    return fmt, counts, body_start


def _read_ply(path: Path, num_samples: int, seed: int) -> np.ndarray:
    data = path.read_bytes()
    fmt, counts, body_start = _ply_header(path, data)
    if fmt == 'ascii':  # trimesh silently accepts truncated ASCII bodies
        num_lines = len(
            _data_lines(data[body_start:].decode('ascii', 'replace')))
        if num_lines < sum(counts.values()):
            raise ValueError(f'{path}: truncated ASCII PLY, header declares '
                             f'{sum(counts.values())} element lines but '
                             f'only {num_lines} follow')
    points = _mesh_or_vertices(path, data, 'ply', num_samples, seed)
    if counts.get('face', 0) == 0 and len(points) != counts['vertex']:
        raise ValueError(f'{path}: PLY declares {counts["vertex"]} vertices '
                         f'but {len(points)} were read')
    return points


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
    '.off': _read_off,
    '.ply': _read_ply,
    '.pcd': _read_pcd
}
SUPPORTED_SUFFIXES = tuple(_READERS)


def load_points(path: PathLike,
                num_samples: int = 2048,
                seed: int = 0) -> np.ndarray:
    """Read a shape file as points.

    Args:
        path (str | Path): File with one of :data:`SUPPORTED_SUFFIXES`.
        num_samples (int): Points drawn from a mesh's surface (``.off`` and
            ``.ply`` meshes); ignored for point clouds. Defaults to 2048.
        seed (int): Seed of the mesh surface sampling. Defaults to 0.

    Returns:
        np.ndarray: ``(N, C)`` float32, ``C >= 3``, xyz first, all finite.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _READERS:
        raise ValueError(f'{path}: unknown point file suffix {suffix!r}, '
                         f'expected one of {SUPPORTED_SUFFIXES}')
    if not path.is_file():
        raise FileNotFoundError(f'{path}: shape file not found')
    if path.stat().st_size == 0:
        raise ValueError(f'{path}: empty file, expected point data')
    points = _READERS[suffix](path, num_samples=num_samples, seed=seed)
    if points.ndim != 2 or points.shape[0] == 0 or points.shape[1] < 3:
        raise ValueError(f'{path}: expected a non-empty (N, C>=3) point '
                         f'array, got shape {points.shape}')
    bad = ~np.isfinite(points).all(axis=1)
    if bad.any():
        raise ValueError(f'{path}: {int(bad.sum())} of {len(points)} points '
                         f'have NaN/Inf values (first at row '
                         f'{int(np.argmax(bad))}), expected finite values')
    return points.astype(np.float32)
