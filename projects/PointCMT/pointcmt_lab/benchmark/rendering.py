"""Views per second of the renderers: per-sample transforms vs batched.

* :func:`bench_render` (``render``): ``RenderMultiView`` (per sample) vs the
  batched :func:`pointcmt.ops.render_point_views`.
* :func:`bench_mesh_render` (``mesh_render``): ``RenderMeshViews`` (per
  sample) vs the batched :func:`pointcmt.ops.render_mesh_views` on a
  2048-triangle torus, ring12, shaded; and, when numba is importable, a
  plain one-thread numba z-buffer of the same coverage rule.

On a CUDA device (the timer's) only the batched renderers run there (the
transforms are CPU data-pipeline steps and the numba kernel is CPU code);
each row then also holds the largest absolute difference between the
device's images and the CPU's (``max_abs_diff_to_cpu``): one implementation
for both, so it should be 0 up to float rounding.
"""
import math
from typing import Dict, Tuple

import numpy as np
import torch

from mmdet3d.registry import TRANSFORMS
from pointcmt.ops import (camera_frames, render_mesh_views,
                          render_point_views, view_angles)
from .measure import Timer, optional_module


def _views_per_s(time_: Dict, views: int, **counts: int) -> Dict:
    """A timing with its rate: ``views`` views per call (e.g. 12 views of
    8 meshes = 96); ``counts`` are recorded with it (``batch_size=8``)."""
    return dict(time=time_, **counts, views_per_s=views / time_['median_s'])


def _max_abs_diff_to_cpu(on_device: torch.Tensor,
                         on_cpu: torch.Tensor) -> float:
    return float((on_device.cpu() - on_cpu).abs().max())


def bench_render(sizes: Dict, timer: Timer) -> Dict:
    """Views per second, per-sample transform vs batched renderer (on the
    timer's device: batched only, see the module's docstring)."""
    gen = torch.Generator().manual_seed(0)
    num = sizes['num_points']
    batch = torch.rand(sizes['batch_size'], num, 3, generator=gen) * 1.4 - 0.7
    on_cpu = timer.device.type == 'cpu'
    device_batch = batch.to(timer.device)
    samples = [
        p.numpy()
        for p in torch.rand(sizes['per_sample'], num, 3, generator=gen) * 1.4 -
        0.7
    ]
    rows = []
    for preset in sizes['presets']:
        num_views = view_angles(preset)[0].numel()
        for size in sizes['image_sizes']:
            batched = timer(lambda p=preset, s=size: render_point_views(
                device_batch, views=p, image_size=s))
            row = dict(
                preset=preset,
                views=num_views,
                image_size=size,
                batched=_views_per_s(
                    batched, num_views * batch.shape[0],
                    batch_size=batch.shape[0]))
            if on_cpu:
                transform = TRANSFORMS.build(
                    dict(type='RenderMultiView', views=preset,
                         image_size=size))
                per_sample = timer(
                    lambda t=transform: [t(dict(points=p)) for p in samples])
                row['per_sample'] = _views_per_s(
                    per_sample, num_views * len(samples),
                    samples=len(samples))
            else:
                row['max_abs_diff_to_cpu'] = _max_abs_diff_to_cpu(
                    render_point_views(
                        device_batch, views=preset, image_size=size),
                    render_point_views(batch, views=preset, image_size=size))
            rows.append(row)
    return dict(
        num_points=num,
        rows=rows,
        note=('per_sample: RenderMultiView on each sample in turn; batched: '
              'one render_point_views call; radius 1, depth mode'))


def torus_mesh(num_major: int,
               num_minor: int) -> Tuple[torch.Tensor, torch.Tensor]:
    """A torus (radii 0.7 and 0.3) of ``2 * num_major * num_minor``
    triangles: ``(N, 3)`` float32 vertices and ``(F, 3)`` long faces."""
    i, j = torch.meshgrid(
        torch.arange(num_major), torch.arange(num_minor), indexing='ij')
    a = 2 * math.pi * i / num_major
    b = 2 * math.pi * j / num_minor
    ring = 0.7 + 0.3 * b.cos()
    vertices = torch.stack([ring * a.cos(), ring * a.sin(), 0.3 * b.sin()],
                           -1).reshape(-1, 3)

    def index(di, dj):
        return ((i + di) % num_major * num_minor + (j + dj) % num_minor
                ).flatten()

    quads = torch.stack([index(0, 0), index(1, 0), index(1, 1), index(0, 1)],
                        1)
    faces = torch.cat([quads[:, [0, 1, 2]], quads[:, [0, 2, 3]]])
    return vertices.float(), faces


def _numba_zbuffer(numba):
    """A plain numba z-buffer rasteriser (the engine we compared against):
    same coverage rule as ``render_mesh_views``, depth only, one thread."""

    @numba.njit(cache=False)
    def raster(uvd, size, zbuf):  # uvd (V, T, 3, 3) float64; zbuf (V, S, S)
        half = 0.5 * size
        for v in range(uvd.shape[0]):
            for t in range(uvd.shape[1]):
                x0 = (uvd[v, t, 0, 0] + 1) * half - 0.5
                x1 = (uvd[v, t, 1, 0] + 1) * half - 0.5
                x2 = (uvd[v, t, 2, 0] + 1) * half - 0.5
                y0 = (1 - uvd[v, t, 0, 1]) * half - 0.5
                y1 = (1 - uvd[v, t, 1, 1]) * half - 0.5
                y2 = (1 - uvd[v, t, 2, 1]) * half - 0.5
                e1x, e1y, e2x, e2y = x1 - x0, y1 - y0, x2 - x0, y2 - y0
                area = e1x * e2y - e2x * e1y
                if abs(area) < 1e-12:
                    continue
                inv = 1.0 / area
                c0 = max(0, int(math.ceil(min(x0, x1, x2) - 1e-4)))
                c1 = min(size - 1, int(math.floor(max(x0, x1, x2) + 1e-4)))
                r0 = max(0, int(math.ceil(min(y0, y1, y2) - 1e-4)))
                r1 = min(size - 1, int(math.floor(max(y0, y1, y2) + 1e-4)))
                z0 = uvd[v, t, 0, 2]
                dz1, dz2 = uvd[v, t, 1, 2] - z0, uvd[v, t, 2, 2] - z0
                for r in range(r0, r1 + 1):
                    for c in range(c0, c1 + 1):
                        dx, dy = c - x0, r - y0
                        w1 = (dx * e2y - dy * e2x) * inv
                        w2 = (dy * e1x - dx * e1y) * inv
                        if w1 >= -1e-5 and w2 >= -1e-5 and w1 + w2 <= 1 + 1e-5:
                            far = -(z0 + w1 * dz1 + w2 * dz2)
                            if far < zbuf[v, r, c]:
                                zbuf[v, r, c] = far

    return raster


def _numba_row(numba, batch, faces, views, size, timer, ours) -> Dict:
    """Time the numba z-buffer on the batch; compare its coverage."""
    raster = _numba_zbuffer(numba)
    frames = camera_frames(views).float()
    uvds = [
        torch.einsum('tkc,vjc->vtkj', v[faces], frames).double().numpy()
        for v in batch
    ]
    zbuf = np.empty((len(batch), frames.shape[0], size, size))

    def run_all():
        zbuf.fill(np.inf)
        for i, uvd in enumerate(uvds):
            raster(uvd, size, zbuf[i])

    run_all()  # compile outside the timing
    time_ = timer(run_all)
    return dict(
        time=time_,
        views_per_s=zbuf.shape[0] * zbuf.shape[1] / time_['median_s'],
        same_coverage=bool(
            (torch.from_numpy(np.isfinite(zbuf)) == (ours[..., 0] > 0)).all()))


def bench_mesh_render(sizes: Dict, timer: Timer) -> Dict:
    """Views per second, per-sample ``RenderMeshViews`` vs batched (on the
    timer's device: batched only, see the module's docstring)."""
    vertices, faces = torus_mesh(*sizes['torus'])
    gen = torch.Generator().manual_seed(0)

    def rotated(count):  # the same torus in random orientations
        rots = torch.linalg.qr(torch.randn(count, 3, 3, generator=gen))[0]
        return [vertices @ r.T for r in rots]

    batch = rotated(sizes['batch_size'])
    on_cpu = timer.device.type == 'cpu'
    device_batch = [v.to(timer.device) for v in batch]
    device_faces = [faces.to(timer.device)] * len(batch)
    numba = optional_module('numba') if on_cpu else None
    samples = [
        dict(mesh_vertices=v.numpy(), mesh_faces=faces.numpy())
        for v in rotated(sizes['per_sample'])
    ]
    num_views = view_angles(sizes['views'])[0].numel()

    def render(vertices_, faces_, size):
        return render_mesh_views(
            vertices_, faces_, views=sizes['views'], image_size=size)

    rows = []
    for size in sizes['image_sizes']:
        batched = timer(lambda s=size: render(device_batch, device_faces, s))
        row = dict(
            image_size=size,
            batched=_views_per_s(
                batched, num_views * len(batch), batch_size=len(batch)))
        if on_cpu:
            transform = TRANSFORMS.build(
                dict(
                    type='RenderMeshViews',
                    views=sizes['views'],
                    image_size=size,
                    normalize=False))
            per_sample = timer(
                lambda t=transform: [t(dict(s)) for s in samples])
            row['per_sample'] = _views_per_s(
                per_sample, num_views * len(samples), samples=len(samples))
        else:
            row['max_abs_diff_to_cpu'] = _max_abs_diff_to_cpu(
                render(device_batch, device_faces, size),
                render(batch, [faces] * len(batch), size))
        if numba is not None:
            row['numba_zbuffer'] = _numba_row(
                numba, batch, faces, sizes['views'], size, timer,
                render(batch, [faces] * len(batch), size))
        rows.append(row)
    return dict(
        views=sizes['views'],
        num_views=num_views,
        num_faces=int(faces.shape[0]),
        rows=rows,
        unavailable=['numba'] if on_cpu and numba is None else [],
        note=('torus in random orientations; per_sample: RenderMeshViews on '
              'each mesh in turn; batched: one render_mesh_views call; '
              'shaded mode; numba_zbuffer: a one-thread numba kernel of the '
              'same coverage rule writing depth only (no keys, no shading), '
              'the engine compared'))


__all__ = ['bench_mesh_render', 'bench_render', 'torus_mesh']
