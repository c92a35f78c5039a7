"""CPU point ops vs loop-based emulations of mmcv's CUDA kernels."""
import math

import numpy as np
import pytest
import torch
from mmcv.ops import (ball_query, furthest_point_sample,
                      furthest_point_sample_with_dist, gather_points,
                      grouping_operation, knn, three_interpolate, three_nn)
from mmcv.ops.gather_points import GatherPoints
from mmcv.ops.group_points import GroupingOperation
from mmcv.ops.three_interpolate import ThreeInterpolate

from pointcmt.ops import install_cpu_backend
from pointcmt.ops.mmcv_cpu_backend import PATCHED_FUNCTIONS

f32 = np.float32


# --------------------------------------------------------------------------
# Literal (loop) emulations of the CUDA kernels, float32 arithmetic.
# --------------------------------------------------------------------------
def _sq(a, b):
    d = f32(0)
    for u, v in zip(a, b):
        d = f32(d + f32(f32(u - v) * f32(u - v)))
    return d


def ref_fps_from(dist_fn, num, m):
    """furthest_point_sampling kernel: per-thread strided scan + tree
    reduction over ``bs = min(2^floor(log2 N), 1024)`` threads."""
    bs = min(1 << int(math.log(num) / math.log(2.0)), 1024)
    temp = [f32(1e10)] * num
    old, out = 0, [0]
    for _ in range(1, m):
        dists, dists_i = [], []
        for tid in range(bs):
            best, besti = f32(-1), 0
            for k in range(tid, num, bs):
                d2 = min(dist_fn(old, k), temp[k])
                temp[k] = d2
                if d2 > best:
                    best, besti = d2, k
            dists.append(best)
            dists_i.append(besti)
        h = bs // 2
        while h >= 1:
            for tid in range(h):
                v1, v2 = dists[tid], dists[tid + h]
                dists_i[tid] = dists_i[tid + h] if v2 > v1 else dists_i[tid]
                dists[tid] = max(v1, v2)
            h //= 2
        old = dists_i[0]
        out.append(old)
    return out


def ref_fps(xyz, m):
    return np.array([
        ref_fps_from(lambda i, k, p=p: _sq(p[k], p[i]), len(p), m)
        for p in xyz.numpy()
    ])


def ref_ball_query(min_r, max_r, nsample, xyz, centers):
    min_r2, max_r2 = f32(min_r) * f32(min_r), f32(max_r) * f32(max_r)
    out = np.zeros((*centers.shape[:2], nsample), dtype=np.int64)
    for b, (pts, ctr) in enumerate(zip(xyz.numpy(), centers.numpy())):
        for m, c in enumerate(ctr):
            cnt = 0
            for k, p in enumerate(pts):
                d2 = _sq(c, p)
                if d2 == 0 or (min_r2 <= d2 < max_r2):
                    if cnt == 0:
                        out[b, m, :] = k
                    out[b, m, cnt] = k
                    cnt += 1
                    if cnt >= nsample:
                        break
    return out


def _reheap(dist, idx, k):
    root, child = 0, 1
    while child < k:
        if child + 1 < k and dist[child + 1] > dist[child]:
            child += 1
        if dist[root] > dist[child]:
            return
        dist[root], dist[child] = dist[child], dist[root]
        idx[root], idx[child] = idx[child], idx[root]
        root, child = child, child * 2 + 1


def ref_knn_heap(k, xyz, centers):
    """knn kernel: max-heap of size k, then heap sort. Returns (idx, d2) as
    (B, M, k)."""
    shape = (*centers.shape[:2], k)
    out_i, out_d = np.zeros(shape, np.int64), np.zeros(shape, np.float32)
    for b, (pts, ctr) in enumerate(zip(xyz.numpy(), centers.numpy())):
        for m, c in enumerate(ctr):
            dist, idx = [f32(1e10)] * k, [0] * k
            for i, p in enumerate(pts):
                d2 = _sq(c, p)
                if d2 < dist[0]:
                    dist[0], idx[0] = d2, i
                    _reheap(dist, idx, k)
            for i in range(k - 1, 0, -1):
                dist[0], dist[i] = dist[i], dist[0]
                idx[0], idx[i] = idx[i], idx[0]
                _reheap(dist, idx, i)
            out_i[b, m], out_d[b, m] = idx, dist
    return out_i, out_d


def ref_knn_lexicographic(k, xyz, centers):
    """k smallest (d2, index) pairs, ascending; index 0 pads k > N."""
    out = np.zeros((*centers.shape[:2], k), np.int64)
    for b, (pts, ctr) in enumerate(zip(xyz.numpy(), centers.numpy())):
        for m, c in enumerate(ctr):
            pairs = sorted((_sq(c, p), i) for i, p in enumerate(pts))
            out[b, m, :min(k, len(pts))] = [i for _, i in pairs[:k]]
    return out


def ref_three_nn(target, source):
    shape = (*target.shape[:2], 3)
    out_d, out_i = np.zeros(shape, np.float64), np.zeros(shape, np.int64)
    for b, (tgt, src) in enumerate(zip(target.numpy(), source.numpy())):
        for n, u in enumerate(tgt):
            best, besti = [1e40] * 3, [0] * 3
            for k, p in enumerate(src):
                d = _sq(u, p)
                for j in range(3):
                    if d < best[j]:
                        best[j + 1:] = best[j:2]
                        besti[j + 1:] = besti[j:2]
                        best[j], besti[j] = d, k
                        break
            out_d[b, n], out_i[b, n] = best, besti
    with np.errstate(over='ignore'):  # 1e40 -> inf in float32, like CUDA
        return np.sqrt(out_d.astype(np.float32)), out_i


def grid_points(batch, num, seed=0):
    """Points on a coarse grid: many duplicates and exact distance ties."""
    g = torch.Generator().manual_seed(seed)
    return torch.randint(0, 3, (batch, num, 3), generator=g).float() * 0.5


def rand_points(batch, num, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.rand(batch, num, 3, generator=g)


# --------------------------------------------------------------------------
# Forward ops
# --------------------------------------------------------------------------
@pytest.mark.parametrize('make', [rand_points, grid_points])
@pytest.mark.parametrize('num,m', [(40, 16), (64, 32), (7, 7), (5, 9)])
def test_furthest_point_sample(make, num, m):
    xyz = make(2, num)
    out = furthest_point_sample(xyz, m)
    assert out.dtype == torch.int32 and out.shape == (2, m)
    np.testing.assert_array_equal(out.numpy(), ref_fps(xyz, m))


def test_furthest_point_sample_single_point_and_zero():
    xyz = torch.rand(3, 1, 3)
    assert furthest_point_sample(xyz, 4).tolist() == [[0] * 4] * 3
    assert furthest_point_sample(xyz, 0).shape == (3, 0)


@pytest.mark.parametrize('make', [rand_points, grid_points])
def test_furthest_point_sample_with_dist(make):
    xyz = make(2, 36)
    dist = torch.cdist(xyz, xyz).square()
    out = furthest_point_sample_with_dist(dist, 12)
    assert out.dtype == torch.int32 and out.shape == (2, 12)
    ref = [
        ref_fps_from(lambda i, k, d=d: d[i, k], 36, 12) for d in dist.numpy()
    ]
    np.testing.assert_array_equal(out.numpy(), np.array(ref))


@pytest.mark.parametrize('make,min_r,max_r,nsample',
                         [(rand_points, 0.0, 0.3, 8),
                          (rand_points, 0.1, 0.4, 5),
                          (grid_points, 0.0, 0.6, 6),
                          (grid_points, 0.4, 0.8, 50),
                          (rand_points, 0.0, 0.05, 4)])
def test_ball_query(make, min_r, max_r, nsample):
    xyz = make(2, 48)
    centers = torch.cat([xyz[:, :10], xyz[:, :3] + 5.0], dim=1)  # far: empty
    out = ball_query(min_r, max_r, nsample, xyz, centers.contiguous())
    assert out.dtype == torch.int32 and out.shape == (2, 13, nsample)
    ref = ref_ball_query(min_r, max_r, nsample, xyz, centers)
    np.testing.assert_array_equal(out.numpy(), ref)
    assert (out[:, 10:] == 0).all()


@pytest.mark.parametrize('k,num', [(5, 40), (8, 8), (12, 6), (1, 1)])
def test_knn_random_matches_heap_kernel(k, num):
    xyz = rand_points(2, num)
    centers = rand_points(2, 9, seed=1)
    out = knn(k, xyz, centers, False)
    assert out.dtype == torch.int32 and out.shape == (2, k, 9)
    ref_idx, _ = ref_knn_heap(k, xyz, centers)
    np.testing.assert_array_equal(out.transpose(1, 2).numpy(), ref_idx)


def test_knn_ties_transposed_and_default_center():
    xyz = grid_points(2, 30)
    out = knn(7, xyz.transpose(1, 2).contiguous(), None, True)
    ref = ref_knn_lexicographic(7, xyz, xyz)
    np.testing.assert_array_equal(out.transpose(1, 2).numpy(), ref)
    # The heap breaks exact ties in its own order, with the same distances.
    _, ref_d = ref_knn_heap(7, xyz, xyz)
    diff = (xyz[:, :, None] - xyz[:, None]).square()
    d2 = diff[..., 0] + diff[..., 1] + diff[..., 2]  # exact on the grid
    got = np.take_along_axis(d2.numpy(), ref, axis=2)
    np.testing.assert_array_equal(got, ref_d)


def test_knn_feature_space():
    feats = torch.rand(2, 20, 6)
    out = knn(4, feats, feats, False).transpose(1, 2)
    d = torch.cdist(feats.double(), feats.double())
    ref = torch.sort(d, dim=2, stable=True).indices[..., :4]
    assert torch.equal(out.long(), ref)


@pytest.mark.parametrize('num_src', [16, 3, 2, 1])
@pytest.mark.parametrize('make', [rand_points, grid_points])
def test_three_nn(make, num_src):
    target, source = make(2, 20), make(2, num_src, seed=1)
    dist, idx = three_nn(target, source)
    assert dist.dtype == torch.float32 and idx.dtype == torch.int32
    ref_d, ref_i = ref_three_nn(target, source)
    np.testing.assert_array_equal(idx.numpy(), ref_i)
    np.testing.assert_array_equal(dist.numpy(), ref_d)
    if num_src < 3:
        assert torch.isinf(dist[..., num_src:]).all()


def test_gather_and_group_and_interpolate_forward():
    feats = torch.rand(2, 4, 10)
    idx1 = torch.randint(0, 10, (2, 6), dtype=torch.int32)
    idx2 = torch.randint(0, 10, (2, 5, 3), dtype=torch.int32)
    weight = torch.rand(2, 5, 3)
    gathered = gather_points(feats, idx1)
    grouped = grouping_operation(feats, idx2)
    interp = three_interpolate(feats, idx2, weight)
    assert gathered.shape == (2, 4, 6) and grouped.shape == (2, 4, 5, 3)
    assert interp.shape == (2, 4, 5)
    for b in range(2):
        for c in range(4):
            for m in range(6):
                assert gathered[b, c, m] == feats[b, c, idx1[b, m]]
            for n in range(5):
                terms = [
                    weight[b, n, j] * feats[b, c, idx2[b, n, j]]
                    for j in range(3)
                ]
                assert interp[b, c, n] == terms[0] + terms[1] + terms[2]
                for s in range(3):
                    assert grouped[b, c, n, s] == feats[b, c, idx2[b, n, s]]


# --------------------------------------------------------------------------
# Gradients
# --------------------------------------------------------------------------
def test_gradcheck_differentiable_ops():
    g = torch.Generator().manual_seed(0)
    feats = torch.rand(
        2, 3, 7, dtype=torch.float64, generator=g, requires_grad=True)
    idx1 = torch.tensor([[0, 0, 6, 2], [1, 1, 1, 5]], dtype=torch.int32)
    idx2 = torch.randint(0, 7, (2, 4, 3), generator=g).int()
    weight = torch.rand(2, 4, 3, dtype=torch.float64, generator=g)
    assert torch.autograd.gradcheck(lambda f: gather_points(f, idx1), feats)
    assert torch.autograd.gradcheck(lambda f: grouping_operation(f, idx2),
                                    feats)
    assert torch.autograd.gradcheck(
        lambda f: three_interpolate(f, idx2, weight), feats)


def test_weight_gets_no_gradient_like_cuda():
    feats = torch.rand(1, 2, 5, requires_grad=True)
    weight = torch.rand(1, 4, 3, requires_grad=True)
    idx = torch.randint(0, 5, (1, 4, 3), dtype=torch.int32)
    three_interpolate(feats, idx, weight).sum().backward()
    assert feats.grad is not None and weight.grad is None


def test_index_outputs_are_not_differentiable():
    xyz = torch.rand(1, 12, 3, requires_grad=True)
    assert not furthest_point_sample(xyz, 4).requires_grad
    assert not ball_query(0, 0.5, 4, xyz, xyz).requires_grad
    assert not knn(3, xyz, xyz, False).requires_grad
    assert not three_nn(xyz, xyz)[1].requires_grad


# --------------------------------------------------------------------------
# Errors and dispatch
# --------------------------------------------------------------------------
def test_bad_inputs_raise():
    with pytest.raises(ValueError, match='last dimension 3'):
        furthest_point_sample(torch.rand(1, 5, 2), 2)
    with pytest.raises(ValueError, match='min_radius < max_radius'):
        ball_query(0.5, 0.2, 4, torch.rand(1, 5, 3), torch.rand(1, 2, 3))
    with pytest.raises(ValueError, match='0 < k < 100'):
        knn(100, torch.rand(1, 5, 3), None, False)
    with pytest.raises(TypeError, match='integer'):
        gather_points(torch.rand(1, 2, 5), torch.rand(1, 3))
    with pytest.raises(NotImplementedError, match='stacked'):
        grouping_operation(
            torch.rand(5, 2), torch.zeros(2, 3, dtype=torch.int32),
            torch.tensor([5], dtype=torch.int32),
            torch.tensor([2], dtype=torch.int32))


def test_dispatchers_keep_mmcv_originals_and_install_is_idempotent():
    install_cpu_backend()
    install_cpu_backend()
    for function, (_, cpu_backward) in PATCHED_FUNCTIONS.items():
        original = function.forward.__wrapped__
        assert original.__module__.startswith('mmcv.ops.')
        assert original.__qualname__ == f'{function.__name__}.forward'
        if cpu_backward is not None:
            assert function.backward.__wrapped__.__module__.startswith(
                'mmcv.ops.')


@pytest.mark.parametrize('function',
                         [GatherPoints, GroupingOperation, ThreeInterpolate])
def test_non_cpu_tensors_go_to_the_original(monkeypatch, function):
    calls = []

    def fake_original(ctx, *args):
        calls.append(args)
        return args[0] * 2

    monkeypatch.setattr(function.forward, '__wrapped__', fake_original)
    feats = torch.empty(1, 2, 5, device='meta')
    idx = {
        GatherPoints: (torch.empty(1, 3, dtype=torch.int32, device='meta'), ),
        GroupingOperation:
        (torch.empty(1, 3, 2, dtype=torch.int32, device='meta'), ),
        ThreeInterpolate:
        (torch.empty(1, 3, 3, dtype=torch.int32,
                     device='meta'), torch.empty(1, 3, 3, device='meta'))
    }[function]
    out = function.apply(feats, *idx)
    assert len(calls) == 1 and out.device.type == 'meta'


@pytest.mark.skipif(not torch.cuda.is_available(), reason='needs a GPU')
def test_cuda_matches_cpu():
    xyz = torch.rand(2, 256, 3)
    centers = xyz[:, :64].contiguous()
    cpu = (furthest_point_sample(xyz, 64), ball_query(0, 0.2, 16, xyz,
                                                      centers),
           knn(8, xyz, centers, False), three_nn(xyz, centers)[1])
    gpu = (furthest_point_sample(xyz.cuda(), 64),
           ball_query(0, 0.2, 16, xyz.cuda(), centers.cuda()),
           knn(8, xyz.cuda(), centers.cuda(),
               False), three_nn(xyz.cuda(), centers.cuda())[1])
    for a, b in zip(cpu, gpu):
        assert torch.equal(a, b.cpu())


# --------------------------------------------------------------------------
# numba kernel inputs: dtypes, layouts, autograd leaves, degenerate sizes
# --------------------------------------------------------------------------
def test_float64_and_half_match_float32_on_exact_grid():
    xyz = grid_points(2, 40)  # all distances exact in every dtype
    centers = xyz[:, :9].contiguous()
    for dtype in (torch.float64, torch.float16):
        other, other_c = xyz.to(dtype), centers.to(dtype)
        assert torch.equal(
            furthest_point_sample(other, 16), furthest_point_sample(xyz, 16))
        assert torch.equal(
            knn(6, other, other_c, False), knn(6, xyz, centers, False))
        assert torch.equal(
            ball_query(0.4, 0.8, 5, other, other_c),
            ball_query(0.4, 0.8, 5, xyz, centers))
        dist = torch.cdist(xyz, xyz).square()
        assert torch.equal(
            furthest_point_sample_with_dist(dist.to(dtype), 12),
            furthest_point_sample_with_dist(dist, 12))


def test_non_contiguous_inputs_that_require_grad():
    base = rand_points(2, 30).transpose(1, 2).contiguous()
    xyz = base.transpose(1, 2).requires_grad_()  # (B, N, 3), strided
    ref = xyz.detach().contiguous()
    assert torch.equal(
        furthest_point_sample(xyz, 8), furthest_point_sample(ref, 8))
    assert torch.equal(knn(4, xyz, xyz, False), knn(4, ref, ref, False))
    assert torch.equal(
        ball_query(0, 0.3, 4, xyz, xyz), ball_query(0, 0.3, 4, ref, ref))
    feats = torch.rand(2, 30, 5, requires_grad=True)
    out = knn(4, feats, feats, False)
    assert out.dtype == torch.int32 and not out.requires_grad


def test_nan_points_are_never_neighbours_and_missing_slots_are_zero():
    xyz = rand_points(1, 10)
    xyz[0, 3] = float('nan')
    idx = knn(12, xyz, xyz[:, :4].contiguous(), False)
    assert idx.shape == (1, 12, 4)
    # 9 finite candidates (index 3 never), the last 3 slots padded with 0;
    # the NaN center (column 3) has no candidate at all.
    assert (idx[0, 9:] == 0).all() and (idx[0, :, 3] == 0).all()
    assert not (idx[0, :9, [0, 1, 2]] == 3).any()
    balls = ball_query(0, 10.0, 12, xyz, xyz[:, :4].contiguous())
    assert not (balls[0, [0, 1, 2]] == 3).any() and (balls[0, 3] == 0).all()
    feats = torch.rand(1, 3, 6)
    assert (knn(5, feats, feats, False)[0, 3:] == 0).all()


def test_empty_point_sets():
    empty, centers = torch.rand(2, 0, 3), torch.rand(2, 4, 3)
    assert torch.equal(
        knn(3, empty, centers, False), torch.zeros(2, 3, 4,
                                                   dtype=torch.int32))
    assert torch.equal(
        ball_query(0, 1, 5, empty, centers),
        torch.zeros(2, 4, 5, dtype=torch.int32))
