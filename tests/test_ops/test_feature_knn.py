"""Feature-space kNN (DGCNN's F-KNN): one torch implementation on every
device, reached through mmcv's ``knn`` for every channel count but 3."""
import pytest
import torch
from mmcv.ops import knn
from mmcv.ops.knn import KNN
from mmdet3d.registry import MODELS
from mmdet3d.utils import register_all_modules

from pointcmt.ops import mmcv_cpu_backend, point_ops_cpu
from pointcmt.ops.feature_knn import feature_knn

register_all_modules(init_default_scope=False)


def _features(batch, num, channels, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.rand(batch, num, channels, generator=g)


def _reference(k, points, centers):
    """Direct-form float64 squared distances ``(B, M, N)`` and the ``k``
    nearest ``(B, M, k)`` (stable sort: lower index first on ties)."""
    diff = centers.double()[:, :, None] - points.double()[:, None]
    d2 = diff.square().sum(-1)
    return d2, torch.sort(d2, dim=2, stable=True).indices[..., :k]


def _separated_rows(d2, k, gap):
    """``(B, M)`` mask of the rows whose k-th and (k+1)-th smallest
    distances differ by more than ``gap``."""
    top = torch.sort(d2, dim=2).values
    return top[..., k] - top[..., k - 1] > gap


@pytest.mark.parametrize('channels', [3, 16, 64])
def test_matches_reference_and_the_cpu_port(channels):
    k = 8
    points = _features(2, 64, channels)
    centers = _features(2, 20, channels, seed=1)
    d2, ref = _reference(k, points, centers)
    ours = feature_knn(k, points, centers)
    assert ours.dtype == torch.int64 and ours.shape == (2, 20, k)
    # Random features: no ties, so the same neighbours in the same order.
    assert torch.equal(ours, ref)
    # mmcv's knn on CPU: the numba port of the CUDA kernel for C == 3, this
    # implementation otherwise; the same neighbour sets either way.
    port = knn(k, points, centers, False).transpose(1, 2).long()
    assert torch.equal(port.sort(dim=2).values, ours.sort(dim=2).values)


def test_self_query_transposed_and_padding():
    feats = _features(2, 30, 16)
    ours = knn(5, feats.transpose(1, 2).contiguous(), None, True)
    assert ours.dtype == torch.int32 and ours.shape == (2, 5, 30)
    # Each point is its own nearest neighbour.
    assert torch.equal(ours[:, 0].long(), torch.arange(30).expand(2, -1))
    _, ref = _reference(5, feats, feats)
    assert torch.equal(ours.transpose(1, 2).long(), ref)
    # k > N: the missing slots hold index 0, as in mmcv's kernel.
    few = feats[:, :4]
    padded = feature_knn(6, few, few)
    assert torch.equal(padded[..., :4], _reference(4, few, few)[1])
    assert (padded[..., 4:] == 0).all()


@pytest.mark.parametrize('dtype', [torch.float16, torch.bfloat16])
def test_half_precision_gives_the_float32_indices(dtype):
    k = 6
    feats = _features(2, 48, 32) * 4
    low = feats.to(dtype)
    got = knn(k, low, low, False).transpose(1, 2).long()
    assert torch.equal(got, feature_knn(k, low.float(), low.float()))
    # Against the float32 features themselves, where the k-th neighbour is
    # well separated from the next one (beyond the input rounding).
    d2, ref = _reference(k, feats, feats)
    rows = _separated_rows(d2, k, gap=0.5)
    assert rows.float().mean() > 0.5
    assert torch.equal(got[rows].sort(-1).values, ref[rows].sort(-1).values)


def _fake_cuda_dispatch(monkeypatch):
    """Route KNN calls as on CUDA (no call counts as a CPU call) and replace
    mmcv's original (CUDA) forward by a 3-channel-only stand-in that records
    its calls and raises for any other channel count."""
    calls = []

    def mmcv_kernel(ctx, k, xyz, center_xyz=None, transposed=False):
        channels = xyz.shape[1] if transposed else xyz.shape[2]
        calls.append(channels)
        if channels != 3:
            raise AssertionError(f'mmcv knn kernel got {channels} channels')
        out = point_ops_cpu.knn(k, xyz, center_xyz, transposed)
        ctx.mark_non_differentiable(out)
        return out

    monkeypatch.setattr(mmcv_cpu_backend, 'is_cpu_call', lambda *a: False)
    monkeypatch.setattr(KNN.forward, '__wrapped__', mmcv_kernel)
    return calls


def test_dgcnn_feature_knn_never_reaches_the_mmcv_kernel(monkeypatch):
    calls = _fake_cuda_dispatch(monkeypatch)
    cfg = dict(
        type='DGCNNBackbone',
        in_channels=3,
        num_samples=(6, 6),
        knn_modes=('F-KNN', 'F-KNN'),
        radius=(None, None),
        gf_channels=((8, 8), (8, )),
        fa_channels=(16, ))
    torch.manual_seed(0)
    model = MODELS.build(cfg)
    points = _features(2, 32, 3) - 0.5
    out = model(points)
    assert out['fa_points'].shape == (2, 32, 16 + 8 + 8)
    # The xyz kNN (first module) took mmcv's kernel; the 8-channel feature
    # kNN (second module) did not.
    assert calls == [3]


def test_xyz_knn_keeps_the_mmcv_kernel_off_the_cpu(monkeypatch):
    calls = _fake_cuda_dispatch(monkeypatch)
    xyz = _features(1, 16, 3)
    feats = _features(1, 16, 5)
    knn(4, xyz, xyz, False)
    knn(4, feats, feats, False)
    knn(4, feats.transpose(1, 2).contiguous(), None, True)
    assert calls == [3]


@pytest.mark.skipif(not torch.cuda.is_available(), reason='needs a GPU')
@pytest.mark.parametrize('dtype', [torch.float32, torch.float16])
def test_cuda_matches_cpu(dtype):
    feats = _features(2, 128, 64).to(dtype)
    cpu = knn(8, feats, feats, False)
    cuda = knn(8, feats.cuda(), feats.cuda(), False)
    assert cuda.device.type == 'cuda'
    assert torch.equal(cuda.cpu().sort(1).values, cpu.sort(1).values)
