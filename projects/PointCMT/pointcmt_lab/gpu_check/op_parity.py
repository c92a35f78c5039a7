"""CUDA vs CPU parity of the point ops: mmcv's CUDA kernels against the
project's CPU port (both reached through ``mmcv.ops``, whose Functions
:mod:`pointcmt.ops.mmcv_cpu_backend` dispatches by device), forward and,
for the differentiable ops, backward, in float32 and float16; and the
project's feature kNN (``pointcmt.ops.feature_knn``, looked up by name)
for ``C > 3``."""
from typing import Callable, Dict, List, Tuple

import torch
from mmcv import ops as mmcv_ops
from torch import Tensor

import pointcmt.ops

#: Largest ``max|cuda - cpu| / max(1, max|cpu|)`` accepted per dtype.
TOLERANCE = {torch.float32: 1e-5, torch.float16: 1e-2}
#: Smallest share of equal indices (neighbour sets compared sorted)
#: accepted per dtype: half-precision inputs make near-ties common.
INDEX_AGREEMENT = {torch.float32: 1.0, torch.float16: 0.99}
SIZES = dict(batch=8, num_points=4096, num_centers=1024, sample_num=32,
             k=16, radius=0.2, channels=64)


def _agreement(a: Tensor, b: Tensor, as_sets: bool) -> float:
    a, b = a.long().cpu(), b.long().cpu()
    if as_sets:
        a, b = a.sort(-1).values, b.sort(-1).values
    return float((a == b).float().mean())


def _rel_diff(a: Tensor, b: Tensor) -> float:
    a, b = a.float().cpu(), b.float().cpu()
    return float((a - b).abs().max() / max(1.0, float(b.abs().max())))


def _forward_backward(fn: Callable, feats: Tensor, *args) -> Tuple:
    """``fn(feats, *args)`` and the gradient of a fixed random projection
    of it with respect to ``feats``."""
    feats = feats.detach().requires_grad_(True)
    out = fn(feats, *args)
    gen = torch.Generator().manual_seed(1)
    proj = torch.randn(out.shape, generator=gen).to(out)
    (out * proj).sum().backward()
    return out.detach(), feats.grad


def _cases(dtype: torch.dtype) -> Dict[str, Callable]:
    """``{op: fn(device) -> tuple of outputs}`` on fixed inputs; index
    ops first take float32 on the CPU (the port's dtype) of the same
    ``dtype``-rounded values."""
    s = SIZES
    gen = torch.Generator().manual_seed(0)
    xyz = (torch.rand(s['batch'], s['num_points'], 3, generator=gen) * 2 -
           1).to(dtype)
    centers = xyz[:, :s['num_centers']].contiguous()
    feats = torch.randn(s['batch'], s['channels'], s['num_points'],
                        generator=gen).to(dtype)
    group_idx = torch.randint(
        s['num_points'], (s['batch'], s['num_centers'], s['sample_num']),
        generator=gen, dtype=torch.int32)
    gather_idx = group_idx[..., 0].contiguous()
    interp_idx = (group_idx[..., :3] % s['num_centers']).contiguous()
    weight = torch.rand(s['batch'], s['num_centers'], 3,
                        generator=gen).to(dtype)
    weight = weight / weight.sum(-1, keepdim=True)
    interp_src = feats[..., :s['num_centers']].contiguous()

    def on(device, *tensors):
        return [
            t.to(device) if device != 'cpu' or not t.is_floating_point()
            else t.float() for t in tensors
        ]

    return dict(
        furthest_point_sample=lambda d: (mmcv_ops.furthest_point_sample(
            *on(d, xyz), s['num_centers']), ),
        ball_query=lambda d: (mmcv_ops.ball_query(
            0.0, s['radius'], s['sample_num'], *on(d, xyz, centers)), ),
        knn=lambda d: (mmcv_ops.knn(s['k'], *on(d, xyz, centers)), ),
        three_nn=lambda d: mmcv_ops.three_nn(*on(d, centers, xyz)),
        gather_points=lambda d: _forward_backward(
            mmcv_ops.gather_points, *on(d, feats, gather_idx)),
        grouping_operation=lambda d: _forward_backward(
            mmcv_ops.grouping_operation, *on(d, feats, group_idx)),
        three_interpolate=lambda d: _forward_backward(
            mmcv_ops.three_interpolate, *on(d, interp_src, interp_idx,
                                            weight)))


#: Per op: what each output is (``'index'``, ``'index_set'`` or
#: ``'value'``); forward first, then the gradient.
OUTPUTS = dict(
    furthest_point_sample=('index', ),
    ball_query=('index', ),
    knn=('index_set', ),
    three_nn=('value', 'index'),
    gather_points=('value', 'value'),
    grouping_operation=('value', 'value'),
    three_interpolate=('value', 'value'))


def _compare(kind: str, cuda_out: Tensor, cpu_out: Tensor,
             dtype: torch.dtype) -> Tuple[str, float, bool]:
    if kind == 'value':
        diff = _rel_diff(cuda_out, cpu_out)
        return 'max_rel_diff', diff, diff <= TOLERANCE[dtype]
    share = _agreement(cuda_out, cpu_out, kind == 'index_set')
    return 'index_agreement', share, share >= INDEX_AGREEMENT[dtype]


def _sync(device: str) -> None:
    if device == 'cuda':
        torch.cuda.synchronize()


def check_point_ops(device: str = 'cuda') -> Tuple[bool, List[Dict], str]:
    """Every op of :data:`OUTPUTS`, float32 and float16, on ``device``
    (CUDA; the tests pass ``'cpu'`` to run the code) vs the CPU; a kernel
    that refuses a dtype is a failed row with its error."""
    rows = []
    for dtype in (torch.float32, torch.float16):
        for op, fn in _cases(dtype).items():
            cpu_outs = fn('cpu')
            try:
                cuda_outs = fn(device)
                _sync(device)
            except Exception as exc:  # noqa: a refused dtype is a row
                rows.append(dict(op=op, dtype=str(dtype)[6:], part='all',
                                 metric='error', value=str(exc)[:80],
                                 passed=False))
                continue
            for part, kind, a, b in zip(('forward', 'backward'),
                                        OUTPUTS[op], cuda_outs, cpu_outs):
                metric, value, ok = _compare(kind, a, b, dtype)
                rows.append(dict(op=op, dtype=str(dtype)[6:], part=part,
                                 metric=metric, value=value, passed=ok))
    return (all(r['passed'] for r in rows), rows,
            f'sizes {SIZES}; tolerances {TOLERANCE} (values), '
            f'{INDEX_AGREEMENT} (indices); fp16 CPU side: float32 of the '
            'same fp16 values')


def _exact_knn(k: int, points: Tensor, centers: Tensor) -> Tensor:
    """``(B, M, k)`` by float64 distances and a full sort."""
    d2 = torch.cdist(centers.double(), points.double())
    return d2.argsort(dim=2)[..., :k]


def check_feature_knn(device: str = 'cuda') -> Tuple[bool, List[Dict], str]:
    """kNN on ``C = 64`` channels: the project's ``feature_knn`` CUDA vs
    CPU (both vs an exact float64 sort), and what ``mmcv.ops.knn`` (the
    call mmdet3d's DGCNN makes) returns on CUDA for the same features."""
    feature_knn = getattr(pointcmt.ops, 'feature_knn', None)
    s = SIZES
    gen = torch.Generator().manual_seed(0)
    points = torch.randn(s['batch'], s['num_centers'], s['channels'],
                         generator=gen)
    exact = _exact_knn(s['k'], points, points)
    rows = []
    if feature_knn is not None:
        for dtype in (torch.float32, torch.float16):
            cpu = feature_knn(s['k'], points.to(dtype), points.to(dtype))
            cuda = feature_knn(s['k'], points.to(device, dtype),
                               points.to(device, dtype))
            rows.append(dict(impl='pointcmt.ops.feature_knn',
                             dtype=str(dtype)[6:],
                             cuda_vs_cpu=_agreement(cuda, cpu, True),
                             cuda_vs_exact=_agreement(cuda, exact, True)))
    mmcv_idx = mmcv_ops.knn(s['k'], points.to(device), points.to(device))
    rows.append(dict(impl='mmcv.ops.knn (DGCNN path)', dtype='float32',
                     cuda_vs_exact=_agreement(mmcv_idx.transpose(1, 2),
                                              exact, True)))
    passed = None if feature_knn is None else all(
        r['cuda_vs_cpu'] >= INDEX_AGREEMENT[getattr(torch, r['dtype'])]
        for r in rows[:-1])
    note = ('mmcv.ops.knn row: a share below 1 means the DGCNN path picks '
            'wrong neighbours for C > 3 (mmcv reads 3 channels)')
    if feature_knn is None:
        note = ('feature_knn: skipped: not available in pointcmt.ops; '
                + note)
    return passed, rows, note


__all__ = ['check_feature_knn', 'check_point_ops', 'SIZES']
