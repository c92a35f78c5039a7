"""mmdet3d point backbones run forward + backward on CPU after
``import pointcmt`` (which installs the CPU point ops into mmcv)."""
import pytest
import torch
from mmdet3d.registry import MODELS
from mmdet3d.utils import register_all_modules

import pointcmt  # noqa: F401

register_all_modules(init_default_scope=False)


def _run(cfg, points):
    torch.manual_seed(0)
    model = MODELS.build(cfg)
    model.train()
    points = points.clone().requires_grad_(True)
    out = model(points)
    loss = sum(v.float().sum() for vals in out.values()
               for v in (vals if isinstance(vals, (list, tuple)) else [vals])
               if v is not None and v.is_floating_point())
    loss.backward()
    grads = [p.grad for p in model.parameters() if p.requires_grad]
    assert all(g is not None and torch.isfinite(g).all() for g in grads)
    assert points.grad is not None and torch.isfinite(points.grad).all()
    return out


def _points(batch=2, num=96, channels=3):
    g = torch.Generator().manual_seed(0)
    return torch.rand(batch, num, channels, generator=g) - 0.5


def test_pointnet2_sa_ssg_without_fp():
    cfg = dict(
        type='PointNet2SASSG',
        in_channels=3,
        num_points=(32, 16),
        radius=(0.2, 0.4),
        num_samples=(8, 8),
        sa_channels=((16, 16), (32, 32)),
        fp_channels=())
    out = _run(cfg, _points())
    assert [f.shape for f in out['sa_features'][1:]] == [(2, 16, 32),
                                                         (2, 32, 16)]
    assert [x.shape for x in out['sa_xyz'][1:]] == [(2, 32, 3), (2, 16, 3)]


def test_pointnet2_sa_ssg_with_fp_and_features():
    cfg = dict(
        type='PointNet2SASSG',
        in_channels=4,
        num_points=(32, 16, 8),
        radius=(0.2, 0.4, 0.8),
        num_samples=(8, 8, 4),
        sa_channels=((16, 16), (16, 32), (32, 32)),
        fp_channels=((32, 32), (16, 16)))
    out = _run(cfg, _points(channels=4))
    assert [f.shape for f in out['fp_features']] == [(2, 32, 8), (2, 32, 16),
                                                     (2, 16, 32)]
    assert out['fp_indices'][-1].shape == (2, 32)


def test_pointnet2_sa_msg():
    cfg = dict(
        type='PointNet2SAMSG',
        in_channels=4,
        num_points=(32, 16),
        radii=((0.2, 0.4), (0.4, 0.8)),
        num_samples=((8, 8), (8, 8)),
        sa_channels=(((8, 8), (8, 16)), ((16, 16), (16, 32))),
        aggregation_channels=(16, 32),
        fps_mods=(('D-FPS'), ('FS')),
        fps_sample_range_lists=((-1), (-1)),
        dilated_group=(True, True),
        out_indices=(0, 1))
    out = _run(cfg, _points(num=64, channels=4))
    assert [f.shape for f in out['sa_features'][1:]] == [(2, 16, 32),
                                                         (2, 32, 32)]


@pytest.mark.parametrize('knn_modes', [('D-KNN', 'F-KNN'), ('F-KNN', 'F-KNN')])
def test_dgcnn(knn_modes):
    cfg = dict(
        type='DGCNNBackbone',
        in_channels=6,
        num_samples=(8, 8),
        knn_modes=knn_modes,
        radius=(None, None),
        gf_channels=((16, 16), (16, )),
        fa_channels=(32, ))
    out = _run(cfg, _points(num=64, channels=6))
    # FA output: global max of its MLP (32) + the concatenated GF points.
    assert out['fa_points'].shape == (2, 64, 32 + 16 + 16)
    assert [p.shape for p in out['gf_points']] == [(2, 64, 6), (2, 64, 16),
                                                   (2, 64, 16)]


def test_paconv_style_knn_query_and_group():
    from mmcv.ops import QueryAndGroup
    grouper = QueryAndGroup(None, 6, use_xyz=True)
    xyz = _points(num=40)
    feats = torch.rand(2, 5, 40, requires_grad=True)
    out = grouper(xyz, xyz[:, :10].contiguous(), feats)
    assert out.shape == (2, 8, 10, 6)
    out.sum().backward()
    assert torch.isfinite(feats.grad).all()
