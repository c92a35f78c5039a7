"""Batched orthographic multi-view rendering of point clouds (teacher inputs).

One implementation serves every caller: the per-sample ``RenderMultiView``
transform calls :func:`render_point_views` with a batch of one, and on-device
rendering calls it with the whole batch.

Camera and image frame: see :mod:`pointcmt.ops.render_views` (shared with
the mesh renderer).

Splatting. Each point covers the pixels within ``radius`` of its own pixel
(a ``(2r + 1)^2`` square or the disc ``dx^2 + dy^2 <= r^2``). Per pixel the
nearest point wins (a z-buffer built with ``scatter_reduce(..., 'amin')``,
which is order independent, so rendering is deterministic on CPU and CUDA).
Background pixels are 0. The winning point's nearness ``t = (p . d) / scale``
is mapped linearly from ``[-1, 1]`` to ``[min_intensity, 1]`` (clipped), so
nearer is brighter and every drawn pixel is distinguishable from the
background. A set of identical points therefore renders as a single splat.

Modes. ``'depth'`` outputs that intensity. ``'shaded'`` multiplies it by a
head-light Lambert term ``ambient + (1 - ambient) * n_z`` computed from
screen-space normals of the z-buffer (central differences between drawn
neighbouring pixels; no point normals needed). Both outputs are repeated over
3 identical channels so ImageNet-style 2D CNNs can consume them.
"""
import math

import torch
from torch import Tensor

from .render_views import (VIEW_PRESETS, ViewSpec, camera_frames,
                           check_render_args, depth_intensity, view_angles,
                           view_directions)


def _footprint(radius: int, footprint: str) -> list:
    """Pixel offsets ``(dy, dx)`` covered by one splat."""
    rng = range(-radius, radius + 1)
    offsets = [(dy, dx) for dy in rng for dx in rng]
    if footprint == 'disc':
        offsets = [(dy, dx) for dy, dx in offsets
                   if dy * dy + dx * dx <= radius * radius]
    return offsets


def _check_args(points: Tensor, image_size: int, radius: int, mode: str,
                footprint: str, scale: float, min_intensity: float,
                ambient: float) -> None:
    """Raise ``TypeError``/``ValueError`` naming the first bad argument."""
    if not isinstance(points, Tensor) or not points.is_floating_point():
        raise TypeError('points must be a floating-point torch.Tensor of '
                        'shape (B, N, C>=3), got '
                        f'{getattr(points, "dtype", type(points).__name__)}')
    if points.dim() != 3 or points.shape[2] < 3:
        raise ValueError('points must have shape (B, N, C>=3) with xyz '
                         f'first, got {tuple(points.shape)}')
    if points.shape[0] == 0 or points.shape[1] == 0:
        raise ValueError('points must hold at least one set of at least one '
                         f'point, got shape {tuple(points.shape)}')
    if not torch.isfinite(points[..., :3]).all():
        raise ValueError('points contains NaN or infinite coordinates')
    if isinstance(radius, bool) or not isinstance(radius, int) or radius < 0:
        raise ValueError(
            f'radius must be a non-negative int (pixels), got {radius!r}')
    if footprint not in ('square', 'disc'):
        raise ValueError(
            f"footprint must be 'square' or 'disc', got {footprint!r}")
    check_render_args(image_size, mode, scale, min_intensity, ambient)


def _zbuffer(uvd: Tensor, image_size: int, radius: int,
             footprint: str) -> Tensor:
    """Splat projected points into per-pixel nearest depths.

    Args:
        uvd (Tensor): ``(B, V, N, 3)`` image-plane ``u, v`` in ``[-1, 1]``
            units of the frame and nearness ``t`` (larger is nearer).
        image_size (int): Output side ``S``.
        radius (int): Splat radius in pixels.
        footprint (str): ``'square'`` or ``'disc'``.

    Returns:
        Tensor: ``(B, V, S, S)`` farness ``-t`` of the nearest point per
        pixel, ``+inf`` where no point landed.
    """
    batch, num_views, _, _ = uvd.shape
    size = image_size
    col = torch.floor((uvd[..., 0] + 1.0) * 0.5 * size)
    row = torch.floor((1.0 - uvd[..., 1]) * 0.5 * size)
    # Points whose splat can touch the image (comparisons with NaN fail).
    visible = ((col >= -radius) & (col < size + radius) & (row >= -radius)
               & (row < size + radius) & torch.isfinite(uvd[..., 2]))
    far = torch.where(visible, -uvd[..., 2], math.inf).flatten()
    # Splat into images padded by 2r pixels per side, so that every offset
    # of a visible point stays in its own image without per-offset checks;
    # invisible points write +inf (a no-op for amin) around pixel (0, 0).
    margin = 2 * radius
    side = size + 2 * margin
    col = torch.where(visible, col, 0).long() + margin
    row = torch.where(visible, row, 0).long() + margin
    image = torch.arange(batch * num_views, device=uvd.device)
    index = (image.view(batch, num_views, 1) * (side * side) + row * side +
             col).flatten()
    buffer = torch.full((batch * num_views * side * side, ),
                        math.inf,
                        dtype=uvd.dtype,
                        device=uvd.device)
    for dy, dx in _footprint(radius, footprint):
        buffer.scatter_reduce_(
            0, index + (dy * side + dx), far, 'amin', include_self=True)
    buffer = buffer.view(batch, num_views, side, side)
    return buffer[:, :, margin:margin + size, margin:margin + size]


def _headlight(near: Tensor, drawn: Tensor, pixel: float,
               ambient: float) -> Tensor:
    """Lambert head-light term from screen-space normals of a depth map.

    Args:
        near (Tensor): ``(B, V, S, S)`` nearness (frame units).
        drawn (Tensor): ``(B, V, S, S)`` bool, pixels covered by a point.
        pixel (float): Pixel side in the same units as ``near``.
        ambient (float): Light level of a surface seen edge-on.

    Returns:
        Tensor: ``(B, V, S, S)`` in ``[ambient, 1]``.
    """

    def central(axis: int) -> Tensor:
        pad = [0, 0, 0, 0]
        pad[2 * (3 - axis)] = pad[2 * (3 - axis) + 1] = 1
        z = torch.nn.functional.pad(near, pad)
        ok = torch.nn.functional.pad(drawn, pad)
        length = near.shape[axis]
        ahead, behind = z.narrow(axis, 2, length), z.narrow(axis, 0, length)
        both = ok.narrow(axis, 2, length) & ok.narrow(axis, 0, length)
        return torch.where(both, (ahead - behind) / (2.0 * pixel), 0.0)

    gy, gx = central(2), central(3)
    n_z = torch.rsqrt(1.0 + gx * gx + gy * gy)
    return ambient + (1.0 - ambient) * n_z


def render_point_views(points: Tensor,
                       views: ViewSpec = 'simpleview6',
                       image_size: int = 64,
                       radius: int = 1,
                       mode: str = 'depth',
                       footprint: str = 'square',
                       scale: float = 1.0,
                       min_intensity: float = 0.2,
                       ambient: float = 0.3) -> Tensor:
    """Render point clouds from several viewpoints into 3-channel images.

    Orthographic z-buffered point splatting; see the module docstring for
    the camera and image frames. Vectorised over batch, views and points
    (the only Python loop runs over the splat's pixel offsets); runs on the
    device of ``points`` without leaving it.

    Args:
        points (Tensor): ``(B, N, C)`` floating, ``C >= 3``, xyz first (extra
            channels are ignored). ``B >= 1``, ``N >= 1``, finite xyz.
        views (str | dict): Preset name (``'simpleview6'``, ``'ring12'``,
            ``'dodecahedron20'``) or ``dict(azimuths=[...],
            elevations=[...])`` in degrees. See :func:`view_angles`.
        image_size (int): Side ``S`` of the square images in pixels.
        radius (int): Splat radius in pixels (0 draws one pixel per point).
        mode (str): ``'depth'`` or ``'shaded'`` (depth times a head-light
            Lambert term from screen-space normals).
        footprint (str): ``'square'`` (``(2r+1)^2`` pixels) or ``'disc'``.
        scale (float): Half-width of the orthographic frame in world units.
        min_intensity (float): Intensity of the farthest depth
            ``-scale``; the nearest, ``+scale``, is 1.
        ambient (float): Head-light level of an edge-on surface
            (``'shaded'`` only).

    Returns:
        Tensor: ``(B, V, S, S, 3)`` float32 in ``[0, 1]`` (3 identical
        channels), 0 on the background, on the device of ``points``.

    Raises:
        TypeError: If ``points`` is not a floating-point tensor.
        ValueError: If a shape or argument is invalid (the message names it),
            including empty sets and NaN/inf coordinates.
    """
    _check_args(points, image_size, radius, mode, footprint, scale,
                min_intensity, ambient)
    frames = camera_frames(views).to(device=points.device, dtype=torch.float32)
    xyz = points[..., :3].float() / scale
    uvd = torch.einsum('bnc,vkc->bvnk', xyz, frames)
    far = _zbuffer(uvd, image_size, radius, footprint)
    drawn = far < math.inf
    image = depth_intensity(far, min_intensity)
    if mode == 'shaded':
        near = torch.where(drawn, -far, 0.0)
        image.mul_(_headlight(near, drawn, 2.0 / image_size, ambient))
    image = torch.where(drawn, image, 0.0)
    return image.unsqueeze(-1).expand(*image.shape, 3).contiguous()


__all__ = [
    'VIEW_PRESETS', 'camera_frames', 'render_point_views', 'view_angles',
    'view_directions'
]
