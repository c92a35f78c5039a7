"""Time and peak memory of the CPU point ops (``ops``): FPS, ball query,
kNN and grouping of :mod:`pointcmt.ops` against plain-torch and scipy
``cKDTree`` references (and fpsample / Open3D when importable)."""
from typing import Dict

import numpy as np
import torch
from scipy.spatial import cKDTree

from pointcmt.ops import (ball_query, furthest_point_sample,
                          grouping_operation, knn)
from .measure import (Timer, log_progress, measure_peak_memory,
                      optional_module, ratio)


def _fps_reference(xyz: torch.Tensor, num: int) -> torch.Tensor:
    """Plain torch loop FPS from index 0, ``(B, num)`` long."""
    bsz, npts = xyz.shape[:2]
    arange = torch.arange(bsz)
    idx = torch.zeros(bsz, num, dtype=torch.long)
    dist = torch.full((bsz, npts), 1e10)
    far = torch.zeros(bsz, dtype=torch.long)
    for i in range(num):
        idx[:, i] = far
        d = (xyz - xyz[arange, far][:, None]).square().sum(-1)
        dist = torch.minimum(dist, d)
        far = dist.argmax(1)
    return idx


def _ball_reference(xyz, centers, radius, sample_num):
    """cdist + sort: first ``sample_num`` in-ball indices, padded."""
    npts = xyz.shape[1]
    d2 = torch.cdist(
        centers, xyz, compute_mode='donot_use_mm_for_euclid_dist').square()
    keys = torch.where(d2 < radius * radius, torch.arange(npts), npts)
    found = keys.sort(dim=2).values[..., :sample_num]
    return torch.where(found < npts, found, found[..., :1])


def _ball_ckdtree(xyz, centers, radius, sample_num, workers):
    """scipy cKDTree per cloud, first ``sample_num`` sorted indices."""
    out = np.zeros((*centers.shape[:2], sample_num), dtype=np.int64)
    for b, (pts, ctr) in enumerate(zip(xyz.numpy(), centers.numpy())):
        found = cKDTree(pts).query_ball_point(
            ctr, radius, workers=workers, return_sorted=True)
        for m, hits in enumerate(found):
            hits = (hits + hits[:1] * sample_num)[:sample_num]
            out[b, m] = hits if hits else 0
    return out


def _knn_ckdtree(xyz, centers, k, workers):
    """scipy cKDTree per cloud, ``(B, M, k)`` indices."""
    return np.stack([
        cKDTree(pts).query(ctr, k, workers=workers)[1]
        for pts, ctr in zip(xyz.numpy(), centers.numpy())
    ])


def _group_reference(features, idx):
    """Advanced indexing: ``(B, C, M, S)``."""
    arange = torch.arange(features.shape[0])[:, None, None]
    return features.transpose(1, 2)[arange, idx.long()].permute(0, 3, 1, 2)


def _op_impls(xyz, centers, features, group_idx, cfg, workers):
    """``{op: {impl: (fn, result_to_compare)}}`` for one size."""
    num_centers = centers.shape[1]
    radius, sample_num, k = cfg['radius'], cfg['sample_num'], cfg['k']
    impls = dict(
        fps=dict(
            ours=lambda: furthest_point_sample(xyz, num_centers),
            torch_loop=lambda: _fps_reference(xyz, num_centers)),
        ball_query=dict(
            ours=lambda: ball_query(0.0, radius, sample_num, xyz, centers),
            torch_cdist_sort=lambda: _ball_reference(xyz, centers, radius,
                                                     sample_num),
            scipy_ckdtree=lambda: _ball_ckdtree(xyz, centers, radius,
                                                sample_num, workers)),
        knn=dict(
            ours=lambda: knn(k, xyz, centers).transpose(1, 2),
            torch_cdist_topk=lambda: torch.cdist(centers, xyz).topk(
                k, dim=2, largest=False).indices,
            scipy_ckdtree=lambda: _knn_ckdtree(xyz, centers, k, workers)),
        grouping=dict(
            ours=lambda: grouping_operation(features, group_idx),
            torch_index=lambda: _group_reference(features, group_idx)))
    fpsample = optional_module('fpsample')
    if fpsample is not None:
        # Exact mode from index 0 like ours (its default start is random).
        impls['fps']['fpsample'] = lambda: [
            fpsample.fps_sampling(p, num_centers, start_idx=0)
            for p in xyz.numpy()
        ]
    o3d = optional_module('open3d')
    if o3d is not None:
        impls['knn']['open3d'] = lambda: _knn_open3d(o3d, xyz, centers, k)
    return impls


def _knn_open3d(o3d, xyz, centers, k):
    """Open3D's ``NearestNeighborSearch`` per cloud, ``(B, M, k)``."""
    out = []
    for pts, ctr in zip(xyz.numpy(), centers.numpy()):
        search = o3d.core.nns.NearestNeighborSearch(o3d.core.Tensor(pts))
        search.knn_index()
        out.append(search.knn_search(o3d.core.Tensor(ctr), k)[0].numpy())
    return np.stack(out)


def _agrees(op: str, ours, ref) -> bool:
    """Whether our result matches the first reference."""
    ours = torch.as_tensor(np.asarray(ours)).long()
    ref = torch.as_tensor(np.asarray(ref)).long()
    if op in ('ball_query', 'knn'):
        ours, ref = ours.sort(-1).values, ref.sort(-1).values
    return ours.shape == ref.shape and bool((ours == ref).all())


def bench_ops(sizes: Dict, timer: Timer) -> Dict:
    """Time and peak memory of the CPU point ops vs references."""
    gen = torch.Generator().manual_seed(0)
    workers = torch.get_num_threads()
    rows = []
    for bsz in sizes['batch_sizes']:
        for npts in sizes['num_points']:
            xyz = torch.rand(bsz, npts, 3, generator=gen) * 2 - 1
            num_centers = npts // sizes['center_ratio']
            centers = xyz[:, :num_centers].contiguous()
            features = torch.randn(bsz, sizes['channels'], npts, generator=gen)
            group_idx = torch.randint(
                npts, (bsz, num_centers, sizes['sample_num']),
                generator=gen,
                dtype=torch.int32)
            log_progress(f'ops B={bsz} N={npts}')
            impls = _op_impls(xyz, centers, features, group_idx, sizes,
                              workers)
            for op, fns in impls.items():
                names = list(fns)
                results = {name: fns[name]() for name in names[:2]}
                times = {name: timer(fn) for name, fn in fns.items()}
                memory = {
                    name: measure_peak_memory(fn)
                    for name, fn in fns.items()
                }
                case = dict(op=op, B=bsz, N=npts, M=num_centers)
                ratios = {
                    name: ratio(times['ours']['median_s'],
                                times[name]['median_s'])
                    for name in names[1:]
                }
                rows.append(
                    dict(
                        case,
                        time=times,
                        peak_memory=memory,
                        ratio_ours_to=ratios,
                        agrees_with_reference=_agrees(op, *results.values())))
    unavailable = [
        f'{name}: not importable' for name in ('fpsample', 'open3d')
        if optional_module(name) is None
    ]
    return dict(
        settings=dict(sizes, workers=workers),
        rows=rows,
        unavailable=unavailable,
        note=('centers = the first N / center_ratio points; ball query '
              'radius and kNN k as in settings; the reference compared by '
              'agrees_with_reference is the plain-torch one (neighbour '
              'sets compared sorted)'))


__all__ = ['bench_ops']
