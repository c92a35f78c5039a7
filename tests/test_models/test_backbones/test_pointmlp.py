"""PointMLP backbone: published sizes, shapes, mmcv point ops, bad input,
and a training step of a PointClassifier built on it."""
import os.path as osp

import pytest
import torch
from _helpers import REPO
from mmcv.ops.furthest_point_sample import FurthestPointSampling
from mmcv.ops.gather_points import GatherPoints
from mmcv.ops.group_points import GroupingOperation
from mmcv.ops.knn import KNN
from mmengine.config import Config
from mmengine.optim import build_optim_wrapper

from mmdet3d.registry import MODELS
from pointcmt.structures import PointClsDataSample

CFG = Config.fromfile(osp.join(REPO, 'configs/_base_/models/pointmlp.py'))
# A 4-stage elite small enough for tests: 64 points -> 32, 16, 8, 4.
TINY = dict(
    type='PointMLP',
    arch='pointmlp-elite',
    embed_dim=8,
    k_neighbors=(4, 4, 4, 4))


def _num_params(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def _official_head_params(in_channels: int, num_classes: int = 40) -> int:
    """Parameters of the official classifier head: Linear(C, 512) + BN +
    ReLU + Dropout + Linear(512, 256) + BN + ReLU + Dropout +
    Linear(256, num_classes), linears with bias."""
    linears = ((in_channels, 512), (512, 256), (256, num_classes))
    return (sum(c_in * c_out + c_out
                for c_in, c_out in linears) + 2 * (512 + 256))


@pytest.mark.parametrize('name,total,published', [
    ('pointmlp', 13_238_504, 12.6),
    ('pointmlp_elite', 716_232, 0.68),
])
def test_parameter_counts_match_the_official_models(name, total, published):
    """Backbone + official head = the official models' counts (printed by
    their code); the paper's 12.6 M / 0.68 M are these counts in units of
    2**20 (ma-xu/pointMLP-pytorch issue #32)."""
    backbone = MODELS.build(CFG[name].to_dict())
    count = _num_params(backbone) + _official_head_params(
        backbone.out_channels)
    assert count == total
    assert count / 2**20 == pytest.approx(published, rel=0.01)


def test_output_shapes_and_indices():
    backbone = MODELS.build(TINY)
    points = torch.rand(2, 64, 3) * 2 - 1
    out = backbone(points)
    nums = (64, 32, 16, 8, 4)
    widths = (8, 16, 32, 64, 64)  # elite dim_expansion (2, 2, 2, 1)
    assert backbone.out_channels == widths[-1]
    assert [x.shape for x in out['sa_xyz']] == [(2, n, 3) for n in nums]
    assert [f.shape for f in out['sa_features']
            ] == [(2, c, n) for c, n in zip(widths, nums)]
    for xyz, idx in zip(out['sa_xyz'], out['sa_indices']):
        assert idx.shape == xyz.shape[:2] and idx.dtype == torch.int64
        torch.testing.assert_close(
            xyz, torch.stack([p[i] for p, i in zip(points, idx)]))


def test_extra_input_channels_feed_the_embedding():
    backbone = MODELS.build(dict(TINY, in_channels=6))
    points = torch.rand(2, 64, 6)
    out = backbone(points)
    assert out['sa_features'][-1].shape == (2, 64, 4)
    torch.testing.assert_close(out['sa_xyz'][0], points[..., :3])
    assert backbone.embedding.conv.in_channels == 6


def test_grouped_blocks():
    """groups > 1: grouped convolutions, then the official extra ungrouped
    Conv + BN back in net2."""
    backbone = MODELS.build(dict(TINY, groups=2, res_expansion=1.0))
    block = backbone.stages[0].pre_blocks[0]
    assert block.net1.conv.groups == block.net2[0].conv.groups == 2
    assert block.net2[1].conv.groups == 1 and not block.net2[1].with_activation
    out = backbone(torch.rand(2, 64, 3))
    assert out['sa_features'][-1].shape == (2, 64, 4)


def test_cpu_variant_shapes():
    backbone = MODELS.build(CFG.pointmlp_elite_cpu.to_dict())
    assert backbone.out_channels == 128
    assert backbone.k_neighbors == (16, 16, 16, 16)
    assert backbone.min_points == 128
    out = backbone(torch.rand(2, 256, 3))
    assert [f.shape
            for f in out['sa_features']] == [(2, 16, 256), (2, 32, 128),
                                             (2, 64, 64), (2, 128, 32),
                                             (2, 128, 16)]


def test_fps_knn_and_gathers_run_mmcv_point_ops(monkeypatch):
    """Every stage calls mmcv's autograd Functions (CUDA kernels on GPU,
    pointcmt's CPU backend here); the kNN sees xyz only."""
    calls = {}
    for function in (FurthestPointSampling, KNN, GatherPoints,
                     GroupingOperation):
        forward = function.forward

        def counted(ctx, *args, _name=function.__name__, _forward=forward):
            calls.setdefault(_name, []).append(args)
            return _forward(ctx, *args)

        monkeypatch.setattr(function, 'forward', staticmethod(counted))
    MODELS.build(dict(TINY, in_channels=5))(torch.rand(2, 64, 5))
    assert {
        name: len(args)
        for name, args in calls.items()
    } == dict(
        FurthestPointSampling=4, KNN=4, GatherPoints=8, GroupingOperation=4)
    for k, xyz, center_xyz in calls['KNN']:
        assert k == 4 and xyz.shape[-1] == center_xyz.shape[-1] == 3


def test_bad_input_names_the_field():
    backbone = MODELS.build(TINY)
    with pytest.raises(ValueError, match=r'points of shape \(B, N, 3\)'):
        backbone(torch.rand(2, 64, 4))
    with pytest.raises(ValueError, match=r'points of shape'):
        backbone(torch.rand(64, 3))
    with pytest.raises(ValueError, match='at least 32 points'):
        backbone(torch.rand(2, 31, 3))


@pytest.mark.parametrize('kwargs,match', [
    (dict(arch='pointmlp-tiny'), 'arch must be one of'),
    (dict(reducers=(2, 2)), 'same length'),
    (dict(k_neighbors=(4, 4, 4, 100)), r'k_neighbors must be in \(0, 100\)'),
    (dict(in_channels=2), 'in_channels must be >= 3'),
])
def test_bad_settings(kwargs, match):
    with pytest.raises(ValueError, match=match):
        MODELS.build(dict(TINY, **kwargs))


def test_classifier_train_step_on_cpu():
    torch.manual_seed(0)
    model = MODELS.build(
        dict(
            type='PointClassifier',
            backbone=CFG.pointmlp_elite_cpu.to_dict(),
            neck=dict(type='GlobalPoolNeck', pool='max'),
            head=dict(
                type='PointClsHead',
                num_classes=5,
                in_channels=128,
                hidden_channels=(32, ),
                dropout=0.0)))
    optim = build_optim_wrapper(model,
                                dict(optimizer=dict(type='Adam', lr=1e-2)))
    before = {k: v.detach().clone() for k, v in model.named_parameters()}
    batch = dict(
        inputs=dict(points=list(torch.rand(4, 128, 3) * 2 - 1)),
        data_samples=[PointClsDataSample().set_gt_label(i) for i in range(4)])
    loss = model.train_step(batch, optim)['loss_cls']
    assert torch.isfinite(loss)
    unchanged = [
        k for k, v in model.named_parameters() if torch.equal(v, before[k])
    ]
    assert unchanged == []


@pytest.mark.skipif(
    not torch.cuda.is_available(),
    reason='needs a GPU for mmcv CUDA point ops')
def test_cuda_matches_cpu():
    """mmcv's CUDA kernels and pointcmt's CPU backend give one model."""
    torch.manual_seed(0)
    backbone = MODELS.build(TINY).eval()
    points = torch.rand(2, 64, 3) * 2 - 1
    with torch.no_grad():
        cpu = backbone(points)
        cuda = backbone.cuda()(points.cuda())
    for key in ('sa_indices', 'sa_features'):
        for a, b in zip(cpu[key], cuda[key]):
            torch.testing.assert_close(b.cpu(), a, rtol=1e-4, atol=1e-4)
