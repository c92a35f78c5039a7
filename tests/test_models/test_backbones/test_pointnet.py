import pytest
import torch

from mmdet3d.registry import MODELS


def test_pointnet_backbone_shapes_and_grads():
    net = MODELS.build(dict(type='PointNetBackbone', channels=(8, 16)))
    pts = torch.rand(2, 32, 3, requires_grad=True)
    out = net(pts)
    assert out.shape == (2, 16, 32)
    out.sum().backward()
    assert pts.grad is not None and torch.isfinite(pts.grad).all()


def test_pointnet_backbone_bad_shape():
    net = MODELS.build(dict(type='PointNetBackbone', channels=(8, )))
    with pytest.raises(ValueError, match=r'\(B, N, 3\)'):
        net(torch.rand(2, 32, 4))
