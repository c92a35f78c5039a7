"""Procedural surface samplers for the synthetic shape classes.

Every generator has the signature ``generator(rng, n) -> (M, 3)`` float64,
``M <= n`` (composite shapes drop the points that fall inside another
part), z up, roughly unit size, with proportions drawn from ``rng``.
"""
from typing import Callable, Dict, Sequence

import numpy as np

from .readers import sample_mesh_surface

__all__ = ['SHAPE_GENERATORS']

Generator = Callable[[np.random.Generator, int], np.ndarray]


def _split(rng: np.random.Generator, n: int,
           areas: Sequence[float]) -> np.ndarray:
    """Points per part, proportional to the part areas."""
    areas = np.asarray(areas, dtype=np.float64)
    return rng.multinomial(n, areas / areas.sum())


def _unit_sphere(rng: np.random.Generator, n: int) -> np.ndarray:
    points = rng.standard_normal((n, 3))
    return points / np.linalg.norm(points, axis=1, keepdims=True)


def _disk(rng: np.random.Generator, n: int, radius: float,
          z: float) -> np.ndarray:
    rad = radius * np.sqrt(rng.random(n))
    ang = rng.uniform(0, 2 * np.pi, n)
    return np.stack([rad * np.cos(ang), rad * np.sin(ang), np.full(n, z)], 1)


def _tube(rng: np.random.Generator, n: int, radius: float, z_low: float,
          z_high: float) -> np.ndarray:
    """Open cylinder side around the z axis."""
    ang = rng.uniform(0, 2 * np.pi, n)
    return np.stack([
        radius * np.cos(ang), radius * np.sin(ang),
        rng.uniform(z_low, z_high, n)
    ], 1)


def _box_faces(rng: np.random.Generator, n: int, center: np.ndarray,
               size: np.ndarray) -> np.ndarray:
    """Uniform points on the six faces of an axis-aligned box."""
    sx, sy, sz = size
    face = np.repeat(
        np.arange(6), _split(rng, n, np.repeat([sy * sz, sx * sz, sx * sy],
                                               2)))
    points = (rng.random((n, 3)) - 0.5) * size
    axis = face // 2
    points[np.arange(n), axis] = (face % 2 - 0.5) * size[axis]
    return points + center


def _boxes(rng: np.random.Generator, n: int, centers: np.ndarray,
           sizes: np.ndarray) -> np.ndarray:
    """Surface of a union of boxes (points inside another box dropped)."""
    areas = 2 * (
        sizes[:, 0] * sizes[:, 1] + sizes[:, 1] * sizes[:, 2] +
        sizes[:, 0] * sizes[:, 2])
    points = np.concatenate([
        _box_faces(rng, k, c, s)
        for k, c, s in zip(_split(rng, n, areas), centers, sizes)
    ])
    inside = (np.abs(points[:, None] - centers) < sizes / 2 - 1e-9).all(-1)
    return points[~inside.any(1)]


def sphere(rng: np.random.Generator, n: int) -> np.ndarray:
    return _unit_sphere(rng, n)  # made slightly uneven by the global scale


def ellipsoid(rng: np.random.Generator, n: int) -> np.ndarray:
    axes = rng.permutation(
        [1.0, rng.uniform(0.4, 0.75),
         rng.uniform(0.4, 0.9)])
    return _unit_sphere(rng, n) * axes


def box(rng: np.random.Generator, n: int) -> np.ndarray:
    return _box_faces(rng, n, np.zeros(3), rng.uniform(0.5, 1.5, 3))


def cylinder(rng: np.random.Generator, n: int) -> np.ndarray:
    r, h = rng.uniform(0.3, 0.6), rng.uniform(0.8, 2.0)
    side, top, bottom = _split(
        rng, n, [2 * np.pi * r * h, np.pi * r * r, np.pi * r * r])
    return np.concatenate([
        _tube(rng, side, r, -h / 2, h / 2),
        _disk(rng, top, r, h / 2),
        _disk(rng, bottom, r, -h / 2)
    ])


def capsule(rng: np.random.Generator, n: int) -> np.ndarray:
    r, h = rng.uniform(0.3, 0.6), rng.uniform(0.6, 1.6)
    side, caps = _split(rng, n, [2 * np.pi * r * h, 4 * np.pi * r * r])
    cap = r * _unit_sphere(rng, caps)
    cap[:, 2] += np.sign(cap[:, 2]) * h / 2
    return np.concatenate([_tube(rng, side, r, -h / 2, h / 2), cap])


def cone(rng: np.random.Generator, n: int) -> np.ndarray:
    r, h = rng.uniform(0.4, 0.8), rng.uniform(0.8, 1.8)
    side, base = _split(rng, n, [np.pi * r * np.hypot(r, h), np.pi * r * r])
    frac = np.sqrt(rng.random(side))  # distance from the apex, area-uniform
    ang = rng.uniform(0, 2 * np.pi, side)
    lateral = np.stack(
        [frac * r * np.cos(ang), frac * r * np.sin(ang), h / 2 - frac * h], 1)
    return np.concatenate([lateral, _disk(rng, base, r, -h / 2)])


def pyramid(rng: np.random.Generator, n: int) -> np.ndarray:
    ax, ay = rng.uniform(0.8, 1.4, 2) / 2
    h = rng.uniform(0.8, 1.6)
    vertices = np.array([[-ax, -ay, -h / 2], [ax, -ay, -h / 2],
                         [ax, ay, -h / 2], [-ax, ay, -h / 2], [0, 0, h / 2]])
    faces = np.array([[0, 1, 4], [1, 2, 4], [2, 3, 4], [3, 0, 4], [0, 2, 1],
                      [0, 3, 2]])
    return sample_mesh_surface(vertices, faces, n,
                               int(rng.integers(2**31))).astype(np.float64)


def torus(rng: np.random.Generator, n: int) -> np.ndarray:
    tube_r = rng.uniform(0.15, 0.4)
    ang, tube_ang = rng.uniform(0, 2 * np.pi, (2, n))
    ring = 1 + tube_r * np.cos(tube_ang)
    return np.stack(
        [ring * np.cos(ang), ring * np.sin(ang), tube_r * np.sin(tube_ang)], 1)


def table(rng: np.random.Generator, n: int) -> np.ndarray:
    width, depth = rng.uniform(1.0, 1.6), rng.uniform(0.6, 1.2)
    top_t, leg_t, leg_h = (rng.uniform(0.04, 0.1), rng.uniform(0.05, 0.12),
                           rng.uniform(0.6, 1.1))
    inset = rng.uniform(0.0, 0.1)
    lx, ly = width / 2 - inset - leg_t / 2, depth / 2 - inset - leg_t / 2
    centers = np.array([[0, 0, leg_h + top_t / 2], [lx, ly, leg_h / 2],
                        [-lx, ly, leg_h / 2], [lx, -ly, leg_h / 2],
                        [-lx, -ly, leg_h / 2]])
    sizes = np.array([[width, depth, top_t]] + [[leg_t, leg_t, leg_h]] * 4)
    return _boxes(rng, n, centers, sizes)


def mug(rng: np.random.Generator, n: int) -> np.ndarray:
    r, h = rng.uniform(0.35, 0.5), rng.uniform(0.7, 1.2)
    handle_r, handle_t = rng.uniform(0.2, 0.3) * h, rng.uniform(0.03, 0.06)
    side, bottom, handle = _split(rng, n, [
        2 * np.pi * r * h, np.pi * r * r,
        np.pi * handle_r * 2 * np.pi * handle_t
    ])
    ang, tube_ang = rng.uniform(-np.pi / 2, np.pi / 2,
                                handle), rng.uniform(0, 2 * np.pi, handle)
    ring = handle_r + handle_t * np.cos(tube_ang)
    grip = np.stack([
        r + ring * np.cos(ang), handle_t * np.sin(tube_ang), ring * np.sin(ang)
    ], 1)
    return np.concatenate([
        _tube(rng, side, r, -h / 2, h / 2),
        _disk(rng, bottom, r, -h / 2), grip
    ])


def helix(rng: np.random.Generator, n: int) -> np.ndarray:
    turns, height = rng.uniform(2, 4), rng.uniform(1.0, 2.0)
    tube_r = rng.uniform(0.05, 0.12)
    t = rng.uniform(0, 2 * np.pi * turns, n)
    rise = height / (2 * np.pi * turns)
    radial = np.stack([np.cos(t), np.sin(t), np.zeros(n)], 1)
    tangent = np.stack([-np.sin(t), np.cos(t), np.full(n, rise)], 1)
    binormal = np.cross(tangent, radial)
    binormal /= np.linalg.norm(binormal, axis=1, keepdims=True)
    tube_ang = rng.uniform(0, 2 * np.pi, (n, 1))
    centre = radial + np.outer(rise * t - height / 2, [0, 0, 1])
    return centre + tube_r * (
        np.cos(tube_ang) * radial + np.sin(tube_ang) * binormal)


def l_bracket(rng: np.random.Generator, n: int) -> np.ndarray:
    base_l, wall_h = rng.uniform(0.8, 1.5, 2)
    width, thick = rng.uniform(0.4, 1.0), rng.uniform(0.08, 0.2)
    centers = np.array([[0, 0, thick / 2], [(base_l - thick) / 2, 0,
                                            wall_h / 2]])
    sizes = np.array([[base_l, width, thick], [thick, width, wall_h]])
    return _boxes(rng, n, centers, sizes)


def cross(rng: np.random.Generator, n: int) -> np.ndarray:
    length_x, length_y = rng.uniform(1.0, 1.6, 2)
    width, thick = rng.uniform(0.15, 0.35), rng.uniform(0.1, 0.3)
    sizes = np.array([[length_x, width, thick], [width, length_y, thick]])
    return _boxes(rng, n, np.zeros((2, 3)), sizes)


SHAPE_GENERATORS: Dict[str, Generator] = {
    fn.__name__: fn
    for fn in (sphere, ellipsoid, box, cylinder, capsule, cone, pyramid, torus,
               table, mug, helix, l_bracket, cross)
}
