"""Readers that turn one mesh file into vertices and triangles.

Supported suffixes (case-insensitive): ``.off`` (including ModelNet's files
whose first line is ``OFF<nv> <nf> <ne>``), ``.ply`` (ASCII or binary) and
``.obj``. OFF and PLY are parsed by ``trimesh`` after our own header and
truncation checks; OBJ by :func:`_read_obj` here.

OBJ subset. ``v x y z [w]`` lines give vertices (``w`` is ignored);
``f`` lines give faces whose corners are ``i``, ``i/t``, ``i//n`` or
``i/t/n`` (only the vertex index ``i`` is used; 1-based, negative indices
count back from the last vertex defined so far). Every other line (``vt``,
``vn``, ``o``, ``g``, ``s``, ``usemtl``, ``mtllib``, ``l``, ...) is ignored.

Polygons. A face with ``k > 3`` corners is fan-triangulated around its first
corner: ``(c0, c1, c2), (c0, c2, c3), ..., (c0, c[k-2], c[k-1])`` (exact for
convex polygons; trimesh applies the same rule to OFF and PLY). A face with
fewer than 3 corners is an error.

Every problem raises ``FileNotFoundError`` or ``ValueError`` naming the file
and what was expected: missing, empty, unreadable or truncated file, no
vertices, no faces, a face with fewer than 3 corners, NaN/Inf vertices, a
face index out of range, zero total surface area.
"""
import io
from pathlib import Path
from typing import Dict, List, Optional, Tuple, Union

import numpy as np
import trimesh

__all__ = [
    'MESH_SUFFIXES', 'load_mesh', 'read_mesh_file', 'check_mesh',
    'check_shape_file'
]

PathLike = Union[str, Path]
MESH_SUFFIXES = ('.off', '.ply', '.obj')


def data_lines(text: str) -> List[str]:
    """Non-empty lines with ``#`` comments stripped."""
    lines = (line.split('#', 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


def _check_off(path: Path, data: bytes) -> None:
    """Header, counts, truncation and corner counts of an OFF file."""
    lines = data_lines(data.decode('ascii', errors='replace'))
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
    for number, line in enumerate(body[num_vertices:num_vertices + num_faces]):
        corners = line.split(None, 1)[0]
        if not corners.isdigit() or int(corners) < 3:
            raise ValueError(f'{path}: face {number} has {corners!r} '
                             'corners, expected 3 or more')


def _check_ply(path: Path, data: bytes) -> Dict[str, int]:
    """Header and ASCII truncation of a PLY file; its element counts."""
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
    if fmt == 'ascii':  # trimesh silently accepts truncated ASCII bodies
        num_lines = len(
            data_lines(data[body_start:].decode('ascii', 'replace')))
        if num_lines < sum(counts.values()):
            raise ValueError(f'{path}: truncated ASCII PLY, header declares '
                             f'{sum(counts.values())} element lines but '
                             f'only {num_lines} follow')
    return counts


def _parse_trimesh(path: Path, data: bytes,
                   file_type: str) -> Tuple[np.ndarray, Optional[np.ndarray]]:
    """Vertices and faces (``None`` without faces) parsed by trimesh."""
    try:
        geometry = trimesh.load(
            io.BytesIO(data), file_type=file_type, process=False)
    except Exception as err:  # trimesh raises many types on bad files
        raise ValueError(f'{path}: could not parse the {file_type.upper()} '
                         f'file: {err}') from err
    vertices = np.asarray(geometry.vertices, dtype=np.float64)
    faces = getattr(geometry, 'faces', None)
    if faces is None or len(faces) == 0:
        return vertices, None
    return vertices, np.asarray(faces, dtype=np.int64)


def _obj_index(path: Path, number: int, token: str, seen: int) -> int:
    """0-based vertex index of one OBJ face corner ``i[/t[/n]]``."""
    try:
        index = int(token.split('/', 1)[0])
    except ValueError:
        raise ValueError(f'{path}: line {number}: bad face corner '
                         f'{token!r}, expected i, i/t, i//n or '
                         'i/t/n') from None
    if index == 0:
        raise ValueError(f'{path}: line {number}: face index 0, expected '
                         '1-based (or negative relative) indices')
    return index - 1 if index > 0 else seen + index


def _read_obj(path: Path,
              data: bytes) -> Tuple[np.ndarray, Optional[np.ndarray]]:
    """Vertices and fan-triangulated faces of a Wavefront OBJ file."""
    vertices: List[List[float]] = []
    triangles: List[Tuple[int, int, int]] = []
    text = data.decode('utf-8', errors='replace')
    for number, raw in enumerate(text.splitlines(), start=1):
        words = raw.split('#', 1)[0].split()
        if not words:
            continue
        if words[0] == 'v':
            try:
                vertices.append([float(w) for w in words[1:4]])
            except ValueError:
                vertices.append([])
            if len(vertices[-1]) != 3:
                raise ValueError(f'{path}: line {number}: expected '
                                 f'v x y z, got {raw.strip()[:60]!r}')
        elif words[0] == 'f':
            corners = [
                _obj_index(path, number, w, len(vertices)) for w in words[1:]
            ]
            if len(corners) < 3:
                raise ValueError(f'{path}: line {number}: face has '
                                 f'{len(corners)} corners, expected 3 or '
                                 'more')
            triangles.extend((corners[0], corners[i], corners[i + 1])
                             for i in range(1,
                                            len(corners) - 1))
    faces = np.asarray(triangles, dtype=np.int64) if triangles else None
    return np.asarray(vertices, dtype=np.float64).reshape(-1, 3), faces


def read_mesh_file(path: Path) -> Tuple[np.ndarray, Optional[np.ndarray]]:
    """Parse one mesh file without checking its content.

    Args:
        path (Path): An existing, non-empty file with a suffix in
            :data:`MESH_SUFFIXES`.

    Returns:
        tuple: ``(N, 3)`` float64 vertices and ``(F, 3)`` int64 faces, or
        ``None`` when the file has no faces (a point cloud).
    """
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == '.obj':
        return _read_obj(path, data)
    if suffix == '.off':
        _check_off(path, data)
        return _parse_trimesh(path, data, 'off')
    counts = _check_ply(path, data)
    vertices, faces = _parse_trimesh(path, data, 'ply')
    if faces is None and len(vertices) != counts['vertex']:
        raise ValueError(f'{path}: PLY declares {counts["vertex"]} vertices '
                         f'but {len(vertices)} were read')
    return vertices, faces


def check_mesh(path: PathLike, vertices: np.ndarray,
               faces: Optional[np.ndarray]) -> None:
    """Raise ``ValueError`` naming ``path`` if the mesh cannot be drawn.

    Args:
        path (str | Path): The file, for the message.
        vertices (np.ndarray): ``(N, 3)`` float vertices.
        faces (np.ndarray | None): ``(F, 3)`` integer triangles.
    """
    if len(vertices) == 0:
        raise ValueError(f'{path}: mesh has no vertices, expected a '
                         'non-empty triangle mesh')
    if faces is None or len(faces) == 0:
        raise ValueError(f'{path}: mesh has no faces, expected a triangle '
                         'mesh (use load_points for point clouds)')
    bad = ~np.isfinite(vertices).all(axis=1)
    if bad.any():
        raise ValueError(f'{path}: {int(bad.sum())} of {len(vertices)} '
                         'mesh vertices have NaN/Inf coordinates (first at '
                         f'vertex {int(np.argmax(bad))}), expected finite '
                         'values')
    out = ((faces < 0) | (faces >= len(vertices))).any(axis=1)
    if out.any():
        first = int(np.argmax(out))
        raise ValueError(f'{path}: face {first} indexes vertices '
                         f'{faces[first].tolist()}, expected indices in '
                         f'[0, {len(vertices)})')
    tri = vertices[faces]
    area = np.linalg.norm(
        np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]), axis=1).sum()
    if not np.isfinite(area) or area <= 0:
        raise ValueError(f'{path}: mesh has zero surface area, expected '
                         'faces with positive area')


def check_shape_file(path: Path, suffixes: Tuple[str, ...], kind: str) -> None:
    """Raise naming ``path`` unless it is a non-empty file of ``suffixes``.

    Args:
        path (Path): The file.
        suffixes (tuple[str, ...]): Accepted lower-case suffixes.
        kind (str): ``'point'`` or ``'mesh'``, for the messages.
    """
    suffix = path.suffix.lower()
    if suffix not in suffixes:
        raise ValueError(f'{path}: unknown {kind} file suffix {suffix!r}, '
                         f'expected one of {suffixes}')
    if not path.is_file():
        raise FileNotFoundError(f'{path}: {kind} file not found')
    if path.stat().st_size == 0:
        raise ValueError(f'{path}: empty file, expected {kind} data')


def load_mesh(path: PathLike) -> Tuple[np.ndarray, np.ndarray]:
    """Read a triangle mesh and check it.

    Args:
        path (str | Path): A ``.off``, ``.ply`` or ``.obj`` file.

    Returns:
        tuple[np.ndarray, np.ndarray]: ``(N, 3)`` float64 finite vertices
        and ``(F, 3)`` int64 triangles indexing them, ``F >= 1``.

    Raises:
        FileNotFoundError: If the file does not exist.
        ValueError: Naming the file, for any problem listed in the module
            docstring.
    """
    path = Path(path)
    check_shape_file(path, MESH_SUFFIXES, 'mesh')
    vertices, faces = read_mesh_file(path)
    check_mesh(path, vertices, faces)
    return vertices, faces
