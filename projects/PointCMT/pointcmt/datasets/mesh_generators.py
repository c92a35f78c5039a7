"""Procedural triangle meshes of the synthetic shape classes.

Every generator has the signature ``generator(rng) -> (vertices, faces)``:
``vertices`` is ``(N, 3)`` float64 and ``faces`` ``(F, 3)`` int64 indices
into it, every triangle of positive area; z up, roughly unit size, with the
proportions drawn from ``rng`` (a :class:`numpy.random.Generator`, the only
source of randomness, so a seeded generator gives the same mesh).

The mesh is the one description of a shape: the point clouds of
:class:`~pointcmt.datasets.SyntheticShapesDataset` are area-weighted samples
of it (:func:`~pointcmt.datasets.sample_mesh_surface`) and the teacher's
views are renderings of it, so the two cannot disagree. Thin parts (the mug's
wall, the helix and handle tubes) are open surfaces, as sampled surfaces
they were before. Composite shapes are unions of parts that touch but do not
overlap (table, L-bracket, cross), and the triangles of a part hidden inside
another part (their centroid in its closed box) are dropped, so no samples
fall inside the solid.
"""
from typing import Callable, Dict, Sequence, Tuple, Union

import numpy as np
import trimesh

__all__ = ['MESH_GENERATORS', 'Mesh', 'MeshGenerator']

Mesh = Tuple[np.ndarray, np.ndarray]
MeshGenerator = Callable[[np.random.Generator], Mesh]


def _arrays(mesh: trimesh.Trimesh) -> Mesh:
    return (np.asarray(mesh.vertices, dtype=np.float64),
            np.asarray(mesh.faces, dtype=np.int64))


def _merge(parts: Sequence[Mesh]) -> Mesh:
    """One mesh holding every part (vertex indices offset per part)."""
    offsets = np.cumsum([0] + [len(v) for v, _ in parts[:-1]])
    return (np.concatenate([v for v, _ in parts]),
            np.concatenate([f + o for (_, f), o in zip(parts, offsets)]))


def _grid_faces(rows: int, cols: int) -> np.ndarray:
    """Triangles of a ``rows x cols`` vertex grid, wrapped along columns.

    Args:
        rows (int): Vertex rows (the grid is open along rows).
        cols (int): Vertices per row (the last joins the first).

    Returns:
        np.ndarray: ``(2 * (rows - 1) * cols, 3)`` int64 indices of the
        row-major grid.
    """
    r, c = np.meshgrid(np.arange(rows - 1), np.arange(cols), indexing='ij')
    a, b = r * cols + c, r * cols + (c + 1) % cols
    quads = np.stack([a, b, b + cols, a + cols], -1).reshape(-1, 4)
    return np.concatenate([quads[:, [0, 1, 2]], quads[:, [0, 2, 3]]])


def _sweep(centres: np.ndarray,
           normals: np.ndarray,
           binormals: np.ndarray,
           radius: float,
           sections: int = 8) -> Mesh:
    """Open tube of a circle swept along a polyline.

    Args:
        centres (np.ndarray): ``(K, 3)`` points of the tube's axis.
        normals (np.ndarray): ``(K, 3)`` unit vectors orthogonal to the axis.
        binormals (np.ndarray): ``(K, 3)`` unit vectors orthogonal to both.
        radius (float): Tube radius.
        sections (int): Vertices per ring.

    Returns:
        Mesh: ``K * sections`` vertices, ``2 * (K - 1) * sections`` faces.
    """
    ang = np.linspace(0, 2 * np.pi, sections, endpoint=False)[:, None]
    rings = centres[:, None] + radius * (
        np.cos(ang) * normals[:, None] + np.sin(ang) * binormals[:, None])
    return rings.reshape(-1, 3), _grid_faces(len(centres), sections)


def _template(mesh: trimesh.Trimesh) -> Mesh:
    vertices, faces = _arrays(mesh)
    vertices.flags.writeable = faces.flags.writeable = False
    return vertices, faces


# Unit primitives, built once (centred, z up) and scaled per sample.
_BOX = _template(trimesh.creation.box())  # side 1
_SPHERE = _template(trimesh.creation.icosphere(subdivisions=2))  # radius 1
_CYLINDER = _template(trimesh.creation.cylinder(1.0, 1.0, sections=32))
_CONE = _template(
    trimesh.creation.cone(1.0, 1.0,
                          sections=32).apply_translation([0, 0, -0.5]))


def _scaled(
    template: Mesh,
    scale: Union[float, Sequence[float]],
    offset: Sequence[float] = (0.0, 0.0, 0.0)
) -> Mesh:
    """A template's vertices scaled per axis and shifted, faces copied."""
    return template[0] * scale + offset, template[1].copy()


def _boxes(centers: np.ndarray, sizes: np.ndarray) -> Mesh:
    """Union of touching axis-aligned boxes, hidden triangles dropped."""
    vertices, faces = _merge(
        [_scaled(_BOX, s, c) for c, s in zip(centers, sizes)])
    owner = np.repeat(np.arange(len(centers)), len(_BOX[1]))
    centroid = vertices[faces].mean(1)
    inside = (np.abs(centroid[:, None] - centers)
              <= sizes / 2 + 1e-9).all(-1)  # (F, parts)
    inside[np.arange(len(faces)), owner] = False
    return vertices, faces[~inside.any(1)]


def sphere(rng: np.random.Generator) -> Mesh:
    # made slightly uneven by the dataset's global scale
    return _scaled(_SPHERE, 1.0)


def ellipsoid(rng: np.random.Generator) -> Mesh:
    axes = rng.permutation(
        [1.0, rng.uniform(0.4, 0.75),
         rng.uniform(0.4, 0.9)])
    return _scaled(_SPHERE, axes)


def box(rng: np.random.Generator) -> Mesh:
    return _scaled(_BOX, rng.uniform(0.5, 1.5, 3))


def cylinder(rng: np.random.Generator) -> Mesh:
    r, h = rng.uniform(0.3, 0.6), rng.uniform(0.8, 2.0)
    return _scaled(_CYLINDER, [r, r, h])


def capsule(rng: np.random.Generator) -> Mesh:
    r, h = rng.uniform(0.3, 0.6), rng.uniform(0.6, 1.6)
    return _arrays(trimesh.creation.capsule(h, r, count=[16, 16]))


def cone(rng: np.random.Generator) -> Mesh:
    r, h = rng.uniform(0.4, 0.8), rng.uniform(0.8, 1.8)
    return _scaled(_CONE, [r, r, h])


def pyramid(rng: np.random.Generator) -> Mesh:
    ax, ay = rng.uniform(0.8, 1.4, 2) / 2
    h = rng.uniform(0.8, 1.6)
    vertices = np.array([[-ax, -ay, -h / 2], [ax, -ay, -h / 2],
                         [ax, ay, -h / 2], [-ax, ay, -h / 2], [0, 0, h / 2]])
    faces = np.array([[0, 1, 4], [1, 2, 4], [2, 3, 4], [3, 0, 4], [0, 2, 1],
                      [0, 3, 2]])
    return vertices, faces


def torus(rng: np.random.Generator) -> Mesh:
    tube_r = rng.uniform(0.15, 0.4)
    return _arrays(
        trimesh.creation.torus(
            1.0, tube_r, major_sections=32, minor_sections=12))


def table(rng: np.random.Generator) -> Mesh:
    width, depth = rng.uniform(1.0, 1.6), rng.uniform(0.6, 1.2)
    top_t, leg_t, leg_h = (rng.uniform(0.04, 0.1), rng.uniform(0.05, 0.12),
                           rng.uniform(0.6, 1.1))
    inset = rng.uniform(0.0, 0.1)
    lx, ly = width / 2 - inset - leg_t / 2, depth / 2 - inset - leg_t / 2
    centers = np.array([[0, 0, leg_h + top_t / 2], [lx, ly, leg_h / 2],
                        [-lx, ly, leg_h / 2], [lx, -ly, leg_h / 2],
                        [-lx, -ly, leg_h / 2]])
    sizes = np.array([[width, depth, top_t]] + [[leg_t, leg_t, leg_h]] * 4)
    return _boxes(centers, sizes)


def mug(rng: np.random.Generator) -> Mesh:
    """An open cup (no top cap) with a half-torus handle."""
    r, h = rng.uniform(0.35, 0.5), rng.uniform(0.7, 1.2)
    handle_r, handle_t = rng.uniform(0.2, 0.3) * h, rng.uniform(0.03, 0.06)
    vertices, faces = _scaled(_CYLINDER, [r, r, h])
    cup = faces[~np.isclose(vertices[faces, 2], h / 2).all(1)]
    ang = np.linspace(-np.pi / 2, np.pi / 2, 12)
    radial = np.stack([np.cos(ang), np.zeros_like(ang), np.sin(ang)], 1)
    handle = _sweep(radial * handle_r + [r, 0, 0], radial,
                    np.tile([0.0, 1.0, 0.0], (len(ang), 1)), handle_t)
    return _merge([(vertices, cup), handle])


def helix(rng: np.random.Generator) -> Mesh:
    turns, height = rng.uniform(2, 4), rng.uniform(1.0, 2.0)
    tube_r = rng.uniform(0.05, 0.12)
    t = np.linspace(0, 2 * np.pi * turns, int(np.ceil(24 * turns)) + 1)
    rise = height / (2 * np.pi * turns)
    radial = np.stack([np.cos(t), np.sin(t), np.zeros_like(t)], 1)
    tangent = np.stack([-np.sin(t), np.cos(t), np.full_like(t, rise)], 1)
    binormal = np.cross(tangent, radial)
    binormal /= np.linalg.norm(binormal, axis=1, keepdims=True)
    centre = radial + np.outer(rise * t - height / 2, [0, 0, 1])
    return _sweep(centre, radial, binormal, tube_r)


def l_bracket(rng: np.random.Generator) -> Mesh:
    base_l, wall_h = rng.uniform(0.8, 1.5, 2)
    width, thick = rng.uniform(0.4, 1.0), rng.uniform(0.08, 0.2)
    # The wall stands on the base's end (touching, not overlapping).
    centers = np.array([[0, 0, thick / 2],
                        [(base_l - thick) / 2, 0, (wall_h + thick) / 2]])
    sizes = np.array([[base_l, width, thick], [thick, width, wall_h - thick]])
    return _boxes(centers, sizes)


def cross(rng: np.random.Generator) -> Mesh:
    length_x, length_y = rng.uniform(1.0, 1.6, 2)
    width, thick = rng.uniform(0.15, 0.35), rng.uniform(0.1, 0.3)
    # One bar along x and two half bars along y touching its sides.
    arm = (length_y - width) / 2
    offset = (width + arm) / 2
    centers = np.array([[0, 0, 0], [0, offset, 0], [0, -offset, 0]])
    sizes = np.array([[length_x, width, thick], [width, arm, thick],
                      [width, arm, thick]])
    return _boxes(centers, sizes)


MESH_GENERATORS: Dict[str, MeshGenerator] = {
    fn.__name__: fn
    for fn in (sphere, ellipsoid, box, cylinder, capsule, cone, pyramid, torus,
               table, mug, helix, l_bracket, cross)
}
