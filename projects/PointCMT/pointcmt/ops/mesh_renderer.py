"""Batched orthographic multi-view rendering of triangle meshes.

The mesh counterpart of :func:`pointcmt.ops.point_renderer.
render_point_views`: same views, cameras and image frame (all from
:mod:`pointcmt.ops.render_views`), same output layout, so a mesh and a point
cloud of one shape land on the same pixels and a teacher consumes either.

Input. A batch is a sequence of meshes of any sizes: ``vertices[b]`` is
``(N_b, 3)`` floating and ``faces[b]`` is ``(F_b, 3)`` integer indices into
it. A ``(B, N, 3)`` tensor and a ``(B, F, 3)`` tensor (meshes of equal
counts) are accepted as the same thing. Nothing is normalised: vertices are
drawn where they are, in a frame spanning ``[-scale, scale]``; use
:func:`normalize_mesh_to_unit_sphere` first for raw CAD coordinates.

Rasterisation. A pixel is covered by a triangle when its centre lies in the
triangle's projection (barycentric test with a tolerance of ``1e-5``, so
pixel centres on a shared edge are never lost); a triangle smaller than a
pixel may therefore cover no pixel. Per (view, triangle, pixel row) the
covered columns form one interval, found from the barycentric weights
(linear along a row); the pixels of all intervals are then written in one
vectorised pass (in chunks of at most ``max_candidates`` pixels). Per
pixel the nearest surface wins: a z-buffer built with
``scatter_reduce(..., 'amin')`` on an int64 key ``(float bits of the
farness) << 32 | triangle index``, which is exact, order independent and
breaks depth ties by the lower triangle index, so images are deterministic
on CPU and CUDA (one implementation for both).
There is no back-face culling (CAD meshes are not consistently oriented):
both sides of a triangle are drawn.

Modes. ``'depth'``: the interpolated nearness of the winning surface at the
pixel centre, ``t = (p . d) / scale`` mapped from ``[-1, 1]`` to
``[min_intensity, 1]`` (clipped), nearer is brighter
(:func:`pointcmt.ops.render_views.depth_intensity`, as for points).
``'shaded'``: Lambert with a head-light, from the winning triangle's face
normal ``n`` and the unit direction ``d`` to the camera:
``ambient + (1 - ambient) * |n . d|``, times nothing else (no depth term),
so a face squarely facing the camera is exactly 1 and an edge-on face is
``ambient``. Background pixels are 0 in both modes; outputs are repeated
over 3 identical channels.
"""
import math
from typing import Dict, List, Sequence, Tuple, Union

import numpy as np
import torch
from torch import Tensor

from .render_views import ViewSpec, camera_frames, check_render_args, \
    depth_intensity

MeshBatch = Union[Tensor, Sequence[Tensor]]

_EDGE_TOL = 1e-5  # barycentric tolerance
_FAR_SHIFT = 4.0  # farness + shift >= 0 keeps float bits monotonic
_NO_SURFACE = torch.iinfo(torch.int64).max


def _check_meshes(vertices: MeshBatch,
                  faces: MeshBatch) -> Tuple[List[Tensor], List[Tensor]]:
    """Validate a batch of meshes; raise naming the mesh and the problem."""
    verts, tris = list(vertices), list(faces)
    if not verts or len(verts) != len(tris):
        raise ValueError('vertices and faces must hold the same non-zero '
                         f'number of meshes, got {len(verts)} and '
                         f'{len(tris)}')
    device = None
    for b, (v, f) in enumerate(zip(verts, tris)):
        if not isinstance(v, Tensor) or not v.is_floating_point():
            raise TypeError(f'vertices[{b}] must be a floating-point '
                            'torch.Tensor (N, 3), got '
                            f'{getattr(v, "dtype", type(v).__name__)}')
        if (not isinstance(f, Tensor) or f.is_floating_point()
                or f.is_complex() or f.dtype == torch.bool):
            raise TypeError(f'faces[{b}] must be an integer torch.Tensor '
                            f'(F, 3), got '
                            f'{getattr(f, "dtype", type(f).__name__)}')
        if v.dim() != 2 or v.shape[1] != 3 or v.shape[0] == 0:
            raise ValueError(f'vertices[{b}] must have shape (N>=1, 3), got '
                             f'{tuple(v.shape)}')
        if f.dim() != 2 or f.shape[1] != 3 or f.shape[0] == 0:
            raise ValueError(f'faces[{b}] must have shape (F>=1, 3) '
                             f'(triangles), got {tuple(f.shape)}')
        device = v.device if device is None else device
        if v.device != device or f.device != device:
            raise ValueError(f'mesh {b} is on {v.device}/{f.device}, '
                             f'expected every tensor on {device}')
        if not torch.isfinite(v).all():
            raise ValueError(f'vertices[{b}] contains NaN or infinite '
                             'coordinates')
        if int(f.min()) < 0 or int(f.max()) >= v.shape[0]:
            raise ValueError(f'faces[{b}] indexes vertices '
                             f'{int(f.min())}..{int(f.max())}, expected '
                             f'0..{v.shape[0] - 1}')
    return verts, tris


def _expand(counts: Tensor) -> Tuple[Tensor, Tensor]:
    """Owner and rank of each of ``counts.sum()`` enumerated items.

    Args:
        counts (Tensor): ``(K,)`` long, items per owner.

    Returns:
        tuple[Tensor, Tensor]: ``owner`` and ``rank`` (``0 .. counts[owner]
        - 1``), both ``(counts.sum(),)`` long, owners in order.
    """
    owner = torch.repeat_interleave(
        torch.arange(counts.numel(), device=counts.device), counts)
    first = torch.cumsum(counts, 0) - counts
    rank = torch.arange(owner.numel(), device=counts.device)
    return owner, rank - first.index_select(0, owner)


def _row_spans(uvd: Tensor, image_size: int) -> Dict[str, Tensor]:
    """Per (view, triangle, pixel row): the covered columns and the depth.

    Pixel coordinates put pixel centres on integers (row 0 on top). Each
    triangle's box rows are enumerated; on a row ``y`` the barycentric
    weights are linear in ``x``, ``w_i = a_i x + b_i``, so the columns with
    every ``w_i >= -tol`` form one interval ``[first, last]``, and the
    nearness is ``t = t_0 + x dt/dx`` along the row.

    Args:
        uvd (Tensor): ``(V, T, 3, 3)`` projected corners ``(u, v, t)``.
        image_size (int): Output side ``S``.

    Returns:
        dict: Flat ``(R,)`` tensors over the rows that cover at least one
        pixel: ``item`` (``view * T + triangle``, long), ``row``, ``first``
        (long) and ``count`` (long, >= 1) columns, ``t0`` and ``dtdx``.
    """
    size = image_size
    x = ((uvd[..., 0] + 1.0) * (0.5 * size) - 0.5).flatten(0, 1)
    y = ((1.0 - uvd[..., 1]) * (0.5 * size) - 0.5).flatten(0, 1)
    t = uvd[..., 2].flatten(0, 1)
    e1x, e1y = x[:, 1] - x[:, 0], y[:, 1] - y[:, 0]
    e2x, e2y = x[:, 2] - x[:, 0], y[:, 2] - y[:, 0]
    area = e1x * e2y - e2x * e1y
    flat = area.abs() < 1e-12  # edge-on: draws nothing
    inv = 1.0 / torch.where(flat, 1.0, area)
    row0 = torch.ceil(y.amin(1) - 1e-4).clamp(min=0)
    row1 = torch.floor(y.amax(1) + 1e-4).clamp(max=size - 1)
    height = torch.where(flat, 0, (row1 - row0 + 1).clamp(min=0)).long()
    item, rank = _expand(height)
    row = row0.index_select(0, item) + rank
    dy = row - y[:, 0].index_select(0, item)
    x0 = x[:, 0].index_select(0, item)
    # w1 = (dx e2y - dy e2x) / area, w2 = (dy e1x - dx e1y) / area,
    # w0 = 1 - w1 - w2, with dx = x - x0: each is a x + b on this row.
    a1 = (e2y * inv).index_select(0, item)
    a2 = (-e1y * inv).index_select(0, item)
    b1 = -dy * (e2x * inv).index_select(0, item) - a1 * x0
    b2 = dy * (e1x * inv).index_select(0, item) - a2 * x0
    slopes = torch.stack([a1, a2, -a1 - a2])
    offsets = torch.stack([b1, b2, 1.0 - b1 - b2])
    bound = (-_EDGE_TOL - offsets) / torch.where(slopes == 0, 1.0, slopes)
    low = torch.where(slopes > 0, bound, -math.inf).amax(0)
    high = torch.where(slopes < 0, bound, math.inf).amin(0)
    empty = ((slopes == 0) & (offsets < -_EDGE_TOL)).any(0)
    first = torch.ceil(low.clamp(min=0.0))
    last = torch.floor(high.clamp(max=size - 1.0))
    count = torch.where(empty, 0, (last - first + 1).clamp(min=0)).long()
    keep = torch.nonzero(count).squeeze(1)
    dt1 = (t[:, 1] - t[:, 0]).index_select(0, item)
    dt2 = (t[:, 2] - t[:, 0]).index_select(0, item)
    t0 = t[:, 0].index_select(0, item) + b1 * dt1 + b2 * dt2
    dtdx = a1 * dt1 + a2 * dt2
    return dict(
        item=item.index_select(0, keep),
        row=row.long().index_select(0, keep),
        first=first.long().index_select(0, keep),
        count=count.index_select(0, keep),
        t0=t0.index_select(0, keep),
        dtdx=dtdx.index_select(0, keep))


def _chunks(counts: Tensor, cap: int) -> List[Tuple[int, int]]:
    """Split consecutive items into runs whose summed count is <= cap."""
    ends = torch.cumsum(counts, 0)
    bounds, start, done = [], 0, 0
    while start < counts.numel():
        stop = int(torch.searchsorted(ends, done + cap, right=True))
        stop = max(stop, start + 1)  # an item above the cap goes alone
        bounds.append((start, stop))
        done, start = int(ends[stop - 1]), stop
    return bounds


def _rasterize(uvd: Tensor, image_of: Tensor, num_images: int, image_size: int,
               max_candidates: int) -> Tensor:
    """Z-buffer of (farness, triangle) keys.

    Args:
        uvd (Tensor): ``(V, T, 3, 3)`` projected triangle corners.
        image_of (Tensor): ``(V, T)`` long, flat output image index of each
            (view, triangle) (``mesh * V + view``).
        num_images (int): ``B * V``.
        image_size (int): Output side ``S``.
        max_candidates (int): Pixels written per chunk.

    Returns:
        Tensor: ``(B * V, S, S)`` int64 keys, ``int64 max`` where nothing
        was drawn. Key bits 63..32 are the float32 bits of ``farness +
        4``, bits 31..0 the triangle index (``0 <= index < T``).
    """
    size = image_size
    num_tris = uvd.shape[1]
    rows = _row_spans(uvd, size)
    # Per row: the flat pixel index of column 0 and the triangle's key bits.
    base = (image_of.flatten().index_select(0, rows['item']) * size +
            rows['row']) * size
    tri = rows['item'] % num_tris
    buffer = torch.full((num_images * size * size, ),
                        _NO_SURFACE,
                        dtype=torch.int64,
                        device=uvd.device)
    for start, stop in _chunks(rows['count'], max_candidates):
        owner, rank = _expand(rows['count'][start:stop])
        owner += start
        col = rows['first'].index_select(0, owner) + rank
        far = -(
            rows['t0'].index_select(0, owner) +
            col * rows['dtdx'].index_select(0, owner))
        bits = (far + _FAR_SHIFT).clamp(min=0.0).view(torch.int32)
        # bits << 32 | triangle, as int64 multiply-add (vectorised on CPU).
        key = bits.long().mul_(1 << 32).add_(tri.index_select(0, owner))
        buffer.scatter_reduce_(
            0,
            base.index_select(0, owner) + col,
            key,
            'amin',
            include_self=True)
    return buffer.view(num_images, size, size)


def render_mesh_views(vertices: MeshBatch,
                      faces: MeshBatch,
                      views: ViewSpec = 'simpleview6',
                      image_size: int = 64,
                      mode: str = 'shaded',
                      scale: float = 1.0,
                      min_intensity: float = 0.2,
                      ambient: float = 0.3,
                      max_candidates: int = 2**21) -> Tensor:
    """Render triangle meshes from several viewpoints into 3-channel images.

    Orthographic z-buffered rasterisation; see the module docstring for the
    input layout, the coverage rule and the two modes, and
    :mod:`pointcmt.ops.render_views` for the cameras and the image frame.
    Runs on the device of the meshes (CPU or CUDA, same code).

    Args:
        vertices (Tensor | Sequence[Tensor]): ``B`` meshes' vertices, each
            ``(N_b, 3)`` floating and finite, or a ``(B, N, 3)`` tensor.
        faces (Tensor | Sequence[Tensor]): ``B`` meshes' triangles, each
            ``(F_b, 3)`` integer indices in ``[0, N_b)``, or a
            ``(B, F, 3)`` tensor.
        views (str | dict): Preset name (``'simpleview6'``, ``'ring12'``,
            ``'dodecahedron20'``) or ``dict(azimuths=[...],
            elevations=[...])`` in degrees.
        image_size (int): Side ``S`` of the square images in pixels.
        mode (str): ``'shaded'`` (head-light Lambert from face normals) or
            ``'depth'``.
        scale (float): Half-width of the orthographic frame in world units.
        min_intensity (float): Depth intensity at nearness ``-scale``
            (``'depth'`` only).
        ambient (float): Shade of an edge-on face (``'shaded'`` only).
        max_candidates (int): Covered pixels written at once (bounds the
            memory, about 100 bytes each; not the result).

    Returns:
        Tensor: ``(B, V, S, S, 3)`` float32 in ``[0, 1]`` (3 identical
        channels, the layout of ``render_point_views``), 0 on the
        background, on the device of the meshes.

    Raises:
        TypeError: If a vertex or face tensor has the wrong dtype.
        ValueError: If an argument or mesh is invalid (the message names it
            and the mesh index): empty, non-triangular, NaN/inf vertices,
            face index out of range.
    """
    check_render_args(image_size, mode, scale, min_intensity, ambient)
    if isinstance(
            max_candidates,
            bool) or not isinstance(max_candidates, int) or max_candidates < 1:
        raise ValueError('max_candidates must be a positive int, got '
                         f'{max_candidates!r}')
    verts, tris = _check_meshes(vertices, faces)
    device = verts[0].device
    frames = camera_frames(views).to(device=device, dtype=torch.float32)
    num_meshes, num_views, size = len(verts), frames.shape[0], image_size
    corners = torch.cat([v.float()[f.long()]
                         for v, f in zip(verts, tris)]) / scale  # (T, 3, 3)
    mesh_of = torch.repeat_interleave(
        torch.arange(num_meshes, device=device),
        torch.tensor([f.shape[0] for f in tris], device=device))
    uvd = torch.einsum('tkc,vjc->vtkj', corners, frames)
    image_of = mesh_of[None] * num_views + torch.arange(
        num_views, device=device)[:, None]
    key = _rasterize(uvd, image_of, num_meshes * num_views, size,
                     max_candidates).view(num_meshes, num_views, size, size)
    drawn = key != _NO_SURFACE
    if mode == 'depth':
        bits = (key >> 32).to(torch.int32).view(torch.float32)
        image = depth_intensity(bits - _FAR_SHIFT, min_intensity)
    else:
        normal = torch.linalg.cross(corners[:, 1] - corners[:, 0],
                                    corners[:, 2] - corners[:, 0])
        normal = normal / normal.norm(dim=1, keepdim=True).clamp(min=1e-30)
        shade = ambient + (1.0 - ambient) * (frames[:, 2] @ normal.T).abs()
        tri = torch.where(drawn, key & 0xFFFFFFFF, 0)
        view = torch.arange(num_views, device=device).view(1, -1, 1, 1)
        image = shade.flatten()[view * corners.shape[0] + tri]
    image = torch.where(drawn, image, 0.0)
    return image.unsqueeze(-1).expand(*image.shape, 3).contiguous()


def normalize_mesh_to_unit_sphere(
        vertices: np.ndarray,
        faces: np.ndarray,
        name: str = 'mesh') -> Tuple[np.ndarray, np.ndarray, float]:
    """Centre a mesh on its surface centroid and scale it into the unit ball.

    The centre is the area-weighted centroid of the surface, i.e. the mean
    that ``NormalizePointsToUnitSphere`` converges to on area-weighted
    surface samples; the scale makes the farthest vertex lie at distance 1,
    so the whole mesh fits the default frame.

    Args:
        vertices (np.ndarray): ``(N, 3)`` finite vertex positions.
        faces (np.ndarray): ``(F, 3)`` integer vertex indices.
        name (str): Used in error messages (the file path).

    Returns:
        tuple: The normalised ``(N, 3)`` float32 vertices, the ``(3,)``
        float64 centre and the float radius that was divided out.

    Raises:
        ValueError: If the mesh has no surface area (naming ``name``).
    """
    xyz = np.asarray(vertices, dtype=np.float64)
    tri = xyz[np.asarray(faces)]
    areas = 0.5 * np.linalg.norm(
        np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]), axis=1)
    total = areas.sum()
    if not math.isfinite(total) or total <= 0:
        raise ValueError(f'{name}: mesh has zero or non-finite surface area, '
                         'expected a mesh with spatial extent')
    centre = (areas[:, None] * tri.mean(axis=1)).sum(axis=0) / total
    radius = float(np.linalg.norm(xyz - centre, axis=1).max())
    return ((xyz - centre) / radius).astype(np.float32), centre, radius


__all__ = ['render_mesh_views', 'normalize_mesh_to_unit_sphere']
