import pytest
import torch

import pointcmt  # noqa: F401
from mmdet3d.registry import MODELS


def test_reference_layout_and_shape():
    cmpg = MODELS.build(dict(type='CMPG', in_channels=16, num_points=32))
    layers = list(cmpg.mlp)
    assert isinstance(layers[0], torch.nn.Dropout)
    assert isinstance(layers[1], torch.nn.Linear)
    assert layers[1].bias is None and layers[1].weight.shape == (96, 16)
    cmpg.eval()
    feat = torch.randn(4, 16)
    points = cmpg(feat)
    assert points.shape == (4, 32, 3)
    # Point p's xyz are outputs 3p..3p+2 of the linear layer.
    flat = feat @ layers[1].weight.t()
    torch.testing.assert_close(points[:, 5], flat[:, 15:18])


def test_hidden_layers_and_dropout():
    cmpg = MODELS.build(
        dict(
            type='CMPG',
            in_channels=8,
            num_points=4,
            hidden_channels=(16, 16),
            dropout=0.5))
    linears = [m for m in cmpg.mlp if isinstance(m, torch.nn.Linear)]
    assert [tuple(m.weight.shape) for m in linears] == [(16, 8), (16, 16),
                                                        (12, 16)]
    feat = torch.randn(2, 8)
    cmpg.eval()
    torch.testing.assert_close(cmpg(feat), cmpg(feat))
    cmpg.train()
    torch.manual_seed(0)
    assert not torch.equal(cmpg(feat), cmpg.eval()(feat))


def test_bad_input():
    cmpg = MODELS.build(dict(type='CMPG', in_channels=8, num_points=4))
    with pytest.raises(ValueError, match=r'\(B, 8\)'):
        cmpg(torch.randn(2, 9))
    with pytest.raises(ValueError, match='positive'):
        MODELS.build(dict(type='CMPG', in_channels=8, num_points=0))
