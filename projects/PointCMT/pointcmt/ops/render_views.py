"""Views shared by the renderers: presets, camera frames, the image frame.

:func:`pointcmt.ops.point_renderer.render_point_views` and
:func:`pointcmt.ops.mesh_renderer.render_mesh_views` both take their views,
cameras, argument checks and depth-to-intensity mapping from here, so a
point cloud and a mesh of the same shape land on the same pixels.

Camera convention. Every view is given by an azimuth ``a`` and an elevation
``e`` (degrees). The camera sits on the unit direction
``d = (cos e cos a, cos e sin a, sin e)`` (z is up) and looks at the origin.
Its image axes are ``right = (-sin a, cos a, 0)`` and ``up = d x right``, so
``(right, up, d)`` is a right-handed orthonormal frame that stays defined at
the poles (``e = +-90``). For the ``+x`` view (``a = 0, e = 0``) right is
``+y`` and up is ``+z``; for the top view (``a = 0, e = 90``) right is ``+y``
and up is ``-x``.

Image frame. Projection is orthographic: a point ``p`` lands at
``(u, v) = (p . right, p . up)`` and the image spans ``[-scale, scale]`` on
both axes. Pixel ``(row, col)`` of an ``S x S`` image covers
``u in [-scale + 2 scale col / S, -scale + 2 scale (col + 1) / S)`` and
``v in (scale - 2 scale (row + 1) / S, scale - 2 scale row / S]`` (row 0 is
the top). Points outside the frame are not drawn. Points are assumed to lie
roughly in the unit sphere, so the default ``scale=1`` frames them fully.

Depth intensity. A drawn pixel's nearness ``t = (p . d) / scale`` is mapped
linearly from ``[-1, 1]`` to ``[min_intensity, 1]`` (clipped), so nearer is
brighter and every drawn pixel differs from the background 0
(:func:`depth_intensity`).
"""
import math
from typing import Dict, Sequence, Tuple, Union

import torch
from torch import Tensor

ViewSpec = Union[str, Dict[str, Sequence[float]]]

_GOLDEN = (1.0 + math.sqrt(5.0)) / 2.0

VIEW_PRESETS = ('simpleview6', 'ring12', 'dodecahedron20')


def _dodecahedron_vertices() -> Tensor:
    """The 20 vertices of a regular dodecahedron as unit vectors, (20, 3)."""
    signs = torch.tensor([-1.0, 1.0], dtype=torch.float64)
    cube = torch.cartesian_prod(signs, signs, signs)
    a, b = 1.0 / _GOLDEN, _GOLDEN
    pm = torch.cartesian_prod(signs, signs)  # (4, 2)
    zeros = torch.zeros(4, dtype=torch.float64)
    rect = torch.cat([
        torch.stack([zeros, pm[:, 0] * a, pm[:, 1] * b], 1),
        torch.stack([pm[:, 0] * a, pm[:, 1] * b, zeros], 1),
        torch.stack([pm[:, 0] * b, zeros, pm[:, 1] * a], 1),
    ])
    verts = torch.cat([cube, rect])
    return verts / verts.norm(dim=1, keepdim=True)


def _preset_angles(name: str) -> Tuple[Tensor, Tensor]:
    """Azimuths and elevations (degrees, float64) of a named preset."""
    if name == 'simpleview6':
        azim = torch.tensor([0.0, 90.0, 180.0, 270.0, 0.0, 0.0])
        elev = torch.tensor([0.0, 0.0, 0.0, 0.0, 90.0, -90.0])
    elif name == 'ring12':
        azim = torch.arange(12) * 30.0
        elev = torch.full((12, ), 30.0)
    elif name == 'dodecahedron20':
        verts = _dodecahedron_vertices()
        azim = torch.rad2deg(torch.atan2(verts[:, 1], verts[:, 0]))
        elev = torch.rad2deg(torch.asin(verts[:, 2].clamp(-1.0, 1.0)))
    else:
        raise ValueError(f'views: unknown preset {name!r}, expected one of '
                         f'{list(VIEW_PRESETS)} or dict(azimuths=[...], '
                         'elevations=[...]) in degrees')
    return azim.double(), elev.double()


def view_angles(views: ViewSpec = 'simpleview6') -> Tuple[Tensor, Tensor]:
    """Resolve a view specification into azimuths and elevations.

    Args:
        views (str | dict): A preset name (``'simpleview6'``: the 6
            axis-aligned cube-face views ``+x, +y, -x, -y, +z, -z``;
            ``'ring12'``: 12 views every 30 deg of azimuth around the z axis
            at 30 deg elevation; ``'dodecahedron20'``: the 20 vertices of a
            regular dodecahedron) or ``dict(azimuths=[...],
            elevations=[...])`` with equal-length lists in degrees.

    Returns:
        tuple[Tensor, Tensor]: Azimuths and elevations, each ``(V,)``
        float64, in degrees.
    """
    if isinstance(views, str):
        return _preset_angles(views)
    if not isinstance(views, dict) or set(views) != {'azimuths', 'elevations'}:
        raise ValueError('views must be a preset name '
                         f'{list(VIEW_PRESETS)} or dict(azimuths=[...], '
                         f'elevations=[...]), got {views!r}')
    azim = torch.as_tensor(views['azimuths'], dtype=torch.float64)
    elev = torch.as_tensor(views['elevations'], dtype=torch.float64)
    if azim.dim() != 1 or elev.shape != azim.shape or azim.numel() == 0:
        raise ValueError('views: azimuths and elevations must be non-empty '
                         '1-D sequences of equal length, got shapes '
                         f'{tuple(azim.shape)} and {tuple(elev.shape)}')
    if not (torch.isfinite(azim).all() and torch.isfinite(elev).all()):
        raise ValueError('views: azimuths and elevations must be finite')
    return azim, elev


def camera_frames(views: ViewSpec = 'simpleview6') -> Tensor:
    """Orthonormal camera frames of the views.

    Args:
        views (str | dict): See :func:`view_angles`.

    Returns:
        Tensor: ``(V, 3, 3)`` float64; row 0 is the image's right axis, row 1
        its up axis, row 2 the unit direction from the origin to the camera.
    """
    azim, elev = view_angles(views)
    a, e = torch.deg2rad(azim), torch.deg2rad(elev)
    direction = torch.stack([e.cos() * a.cos(), e.cos() * a.sin(), e.sin()], 1)
    right = torch.stack([-a.sin(), a.cos(), torch.zeros_like(a)], 1)
    up = torch.linalg.cross(direction, right, dim=1)
    return torch.stack([right, up, direction], 1)


def view_directions(views: ViewSpec = 'simpleview6') -> Tensor:
    """Unit directions from the origin to each camera.

    Args:
        views (str | dict): See :func:`view_angles`.

    Returns:
        Tensor: ``(V, 3)`` float64 unit vectors.
    """
    return camera_frames(views)[:, 2]


def check_render_args(image_size: int, mode: str, scale: float,
                      min_intensity: float, ambient: float) -> None:
    """Raise ``ValueError`` naming the first bad renderer argument.

    Args:
        image_size (int): Output side ``S``, a positive int.
        mode (str): ``'depth'`` or ``'shaded'``.
        scale (float): Half-width of the frame, positive and finite.
        min_intensity (float): In ``[0, 1]``.
        ambient (float): In ``[0, 1]``.
    """
    if isinstance(image_size,
                  bool) or not isinstance(image_size, int) or image_size < 1:
        raise ValueError(
            f'image_size must be a positive int, got {image_size!r}')
    if mode not in ('depth', 'shaded'):
        raise ValueError(f"mode must be 'depth' or 'shaded', got {mode!r}")
    if not scale > 0 or not math.isfinite(scale):
        raise ValueError(f'scale must be a positive number, got {scale!r}')
    if not 0.0 <= min_intensity <= 1.0:
        raise ValueError(
            f'min_intensity must be in [0, 1], got {min_intensity!r}')
    if not 0.0 <= ambient <= 1.0:
        raise ValueError(f'ambient must be in [0, 1], got {ambient!r}')


def depth_intensity(far: Tensor, min_intensity: float) -> Tensor:
    """Map farness ``-t`` (frame units) to ``[min_intensity, 1]``.

    Args:
        far (Tensor): Any shape, farness ``-t`` of the drawn surface;
            ``+inf`` (background) maps to ``min_intensity`` and must be
            masked by the caller.
        min_intensity (float): Intensity of ``t = -1`` (the farthest).

    Returns:
        Tensor: Same shape, ``min_intensity + (1 - min_intensity) *
        clamp((t + 1) / 2, 0, 1)``.
    """
    half_span = 0.5 * (1.0 - min_intensity)
    image = far.mul(-half_span).add_(min_intensity + half_span)
    return image.clamp_(min_intensity, 1.0)


__all__ = [
    'VIEW_PRESETS', 'ViewSpec', 'camera_frames', 'check_render_args',
    'depth_intensity', 'view_angles', 'view_directions'
]
