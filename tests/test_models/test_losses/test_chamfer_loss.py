import pytest
import torch

from mmdet3d.registry import MODELS
from pointcmt.models.losses import ChamferLoss


def brute_force_chamfer(x, y, squared):
    d = (x.double()[:, :, None] - y.double()[:, None]).square().sum(-1)
    if not squared:
        d = d.sqrt()
    return d.min(2).values.mean(1) + d.min(1).values.mean(1)


@pytest.mark.parametrize('squared', [True, False])
def test_matches_brute_force_different_sizes(squared):
    g = torch.Generator().manual_seed(0)
    x = torch.rand(3, 7, 3, generator=g)
    y = torch.rand(3, 11, 3, generator=g)
    loss = ChamferLoss(normalize=None, squared=squared, reduction='none')
    assert torch.allclose(
        loss(x, y).double(), brute_force_chamfer(x, y, squared), atol=1e-6)
    built = MODELS.build(
        dict(
            type='ChamferLoss',
            normalize=None,
            squared=squared,
            loss_weight=2.))
    assert torch.allclose(
        built(x, y).double(),
        2 * brute_force_chamfer(x, y, squared).mean(),
        atol=1e-6)


def test_unit_box_applied_to_both_sets():
    g = torch.Generator().manual_seed(1)
    x = torch.rand(2, 6, 3, generator=g)
    y = torch.rand(2, 9, 3, generator=g)
    loss = ChamferLoss()
    assert torch.allclose(loss(x, y), loss(4 * x + 1, y / 3), atol=1e-5)


@pytest.mark.parametrize('squared', [True, False])
def test_identical_and_single_point_sets_finite(squared):
    x = torch.rand(1, 5, 3, requires_grad=True)
    loss = ChamferLoss(squared=squared)(x, x)
    loss.backward()
    assert loss.item() == pytest.approx(0, abs=1e-6)
    assert torch.isfinite(x.grad).all()
    one = torch.rand(2, 1, 3, requires_grad=True)
    ChamferLoss(squared=squared)(one, one + 1).backward()
    assert torch.isfinite(one.grad).all()


def test_grad_to_pred_detaches_target():
    x = torch.rand(1, 5, 3, requires_grad=True)
    y = torch.rand(1, 4, 3, requires_grad=True)
    ChamferLoss(grad_to='pred')(x, y).backward()
    assert y.grad is None and x.grad.abs().sum() > 0


def test_bad_inputs():
    with pytest.raises(ValueError, match='share B and D'):
        ChamferLoss()(torch.rand(2, 4, 3), torch.rand(2, 4, 2))
    with pytest.raises(ValueError, match='target is empty'):
        ChamferLoss()(torch.rand(2, 4, 3), torch.rand(2, 0, 3))
    with pytest.raises(ValueError, match='normalize'):
        ChamferLoss(normalize='box')
