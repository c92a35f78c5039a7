"""CUDA vs CPU parity of the batched renderers
(:func:`pointcmt.ops.render_point_views`,
:func:`pointcmt.ops.render_mesh_views`) at the teacher's full-scale view
count and size, with the seconds of one call on each device."""
import time
from functools import partial
from typing import Callable, Dict, List, Tuple

import torch

from pointcmt.ops import render_mesh_views, render_point_views
from ..benchmark.rendering import torus_mesh
from .report import row_or_error

#: Largest share of pixels allowed to differ by more than ``PIXEL_ATOL``
#: (a z-buffer tie can go either way when float rounding differs).
MAX_DIFFERING_SHARE = 1e-3
PIXEL_ATOL = 1e-4
SIZES = dict(batch=8, num_points=1024, views='dodecahedron20',
             image_size=224, torus=(32, 32))


def _timed(fn: Callable[[], torch.Tensor]) -> Tuple[torch.Tensor, float]:
    """``fn()`` after one warm-up call, and its seconds."""
    out = fn()  # warm-up (CUDA context, kernels' first launch)
    sync = torch.cuda.synchronize if out.is_cuda else (lambda: None)
    sync()
    start = time.perf_counter()
    out = fn()
    sync()
    return out, time.perf_counter() - start


def _row(render: Callable[[str], torch.Tensor], device: str) -> Dict:
    cpu, cpu_s = _timed(lambda: render('cpu'))
    cuda, cuda_s = _timed(lambda: render(device))
    diff = (cuda.cpu().float() - cpu.float()).abs()
    share = float((diff > PIXEL_ATOL).float().mean())
    return dict(shape=tuple(cpu.shape),
                max_abs_diff=float(diff.max()), differing_share=share,
                cpu_s=cpu_s, cuda_s=cuda_s,
                passed=share <= MAX_DIFFERING_SHARE)


def check_renderers(device: str = 'cuda') -> Tuple[bool, List[Dict], str]:
    """Both renderers on fixed random inputs, ``device`` (CUDA; the tests
    pass ``'cpu'`` to run the code) vs CPU."""
    s = SIZES
    gen = torch.Generator().manual_seed(0)
    points = torch.rand(s['batch'], s['num_points'], 3, generator=gen) * 1.4 \
        - 0.7
    vertices, faces = torus_mesh(*s['torus'])
    rots = torch.linalg.qr(torch.randn(s['batch'], 3, 3, generator=gen))[0]
    meshes = [vertices @ r.T for r in rots]
    view_cfg = dict(views=s['views'], image_size=s['image_size'])
    rows = [
        row_or_error(partial(_row, lambda d: render_point_views(
            points.to(d), **view_cfg), device),
                     renderer='render_point_views'),
        row_or_error(partial(_row, lambda d: render_mesh_views(
            [v.to(d) for v in meshes], [faces.to(d)] * len(meshes),
            **view_cfg), device), renderer='render_mesh_views'),
    ]
    return (all(r['passed'] for r in rows), rows,
            f'sizes {SIZES}; pass: at most {MAX_DIFFERING_SHARE} of the '
            f'pixels differ by more than {PIXEL_ATOL}')


__all__ = ['check_renderers', 'SIZES']
