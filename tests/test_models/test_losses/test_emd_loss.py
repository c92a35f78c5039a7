import itertools

import pytest
import torch

from mmdet3d.registry import MODELS
from pointcmt.models.losses import EMDLoss, normalize_unit_box


def brute_force_emd(x, y):
    """(B,) mean matched distance under the min squared-cost bijection."""
    out = []
    for xb, yb in zip(x.double(), y.double()):
        d2 = (xb[:, None] - yb[None]).square().sum(-1)
        best = min(
            itertools.permutations(range(len(xb))),
            key=lambda p: d2[range(len(xb)), list(p)].sum().item())
        out.append(d2[range(len(xb)), list(best)].sqrt().mean())
    return torch.stack(out)


def test_value_matches_brute_force():
    g = torch.Generator().manual_seed(0)
    x, y = torch.rand(2, 3, 5, 3, generator=g)
    loss = EMDLoss(normalize=None, reduction='none')(x, y)
    assert loss.shape == (3, )
    assert torch.allclose(loss.double(), brute_force_emd(x, y), atol=1e-6)
    mean = EMDLoss(normalize=None, loss_weight=30.)(x, y)
    assert torch.allclose(mean, 30 * loss.mean())
    total = EMDLoss(normalize=None, reduction='sum')(x, y)
    assert torch.allclose(total, loss.sum())


def test_unit_box_known_box():
    pts = torch.tensor([[[1., 2., 3.], [3., 6., 4.], [2., 4., 3.5]]])
    out = normalize_unit_box(pts)
    # box min (1, 2, 3), longest side 4 (y axis): (p - min) / 4 - 0.5
    expected = torch.tensor([[[-0.5, -0.5, -0.5], [0.0, 0.5, -0.25],
                              [-0.25, 0.0, -0.375]]])
    assert torch.allclose(out, expected)


def test_unit_box_makes_loss_scale_and_shift_invariant():
    g = torch.Generator().manual_seed(1)
    x, y = torch.rand(2, 2, 8, 3, generator=g)
    loss = EMDLoss()
    moved = loss(x * 7 + 3, y * 0.1 - 2)
    assert torch.allclose(loss(x, y), moved, atol=1e-5)


@pytest.mark.parametrize('grad_to', ['both', 'pred'])
def test_grad_to(grad_to):
    g = torch.Generator().manual_seed(2)
    x, y = torch.rand(2, 2, 6, 3, generator=g)
    x.requires_grad_(True)
    y.requires_grad_(True)
    EMDLoss(grad_to=grad_to)(x, y).backward()
    assert x.grad is not None and x.grad.abs().sum() > 0
    if grad_to == 'pred':
        assert y.grad is None
    else:
        assert y.grad.abs().sum() > 0


def degenerate_sets():
    t = torch.linspace(-1, 1, 6)[None, :, None]
    line = torch.cat([t, 0.5 * t, 0 * t], -1)
    same = torch.ones(1, 6, 3)
    single = torch.tensor([[[0.3, -0.2, 0.1]]])
    return dict(
        identical=(line, line.clone()),
        collinear=(line, line.flip(1) * 0.3 + 0.2),
        all_points_equal=(same, same * 2),
        single_point=(single, single + 1))


@pytest.mark.parametrize('case', list(degenerate_sets()))
@pytest.mark.parametrize('solver', ['auto', 'exact', 'auction', 'auction_cpu'])
def test_degenerate_sets_finite(case, solver):
    x, y = degenerate_sets()[case]
    x = x.clone().requires_grad_(True)
    y = y.clone().requires_grad_(True)
    loss = EMDLoss(solver=solver)(x, y)
    loss.backward()
    assert torch.isfinite(loss)
    assert torch.isfinite(x.grad).all() and torch.isfinite(y.grad).all()
    if case in ('identical', 'all_points_equal', 'single_point'):
        assert loss.item() == pytest.approx(0, abs=1e-6)


def test_default_solver_is_auto_and_close_to_exact():
    """The default ('auto': the compiled auction on CPU) at the Stage III
    CPU scale (B=32 CMPG sets of 128 points) is within 1 % of exact."""
    g = torch.Generator().manual_seed(3)
    x, y = torch.rand(2, 32, 128, 3, generator=g)
    loss = EMDLoss()
    assert loss.solver == 'auto'
    exact = EMDLoss(solver='exact')(x, y)
    assert loss(x, y).item() == pytest.approx(exact.item(), rel=1e-2)
    device = MODELS.build(
        dict(type='EMDLoss', solver='auction', solver_cfg=dict(rounds=300)))
    assert device(x, y).item() == pytest.approx(exact.item(), rel=1e-2)


@pytest.mark.parametrize('pred,target,match', [
    (torch.rand(2, 4, 3), torch.rand(2, 5, 3), 'number of points'),
    (torch.rand(2, 4, 3), torch.rand(3, 4, 3), 'share B'),
    (torch.rand(4, 3), torch.rand(2, 4, 3), 'pred must be'),
    (torch.rand(2, 0, 3), torch.rand(2, 0, 3), 'pred is empty'),
    (torch.rand(2, 4, 3), torch.rand(2, 4), 'target must be'),
])
def test_bad_inputs(pred, target, match):
    with pytest.raises(ValueError, match=match):
        EMDLoss()(pred, target)


@pytest.mark.parametrize('kwargs', [
    dict(solver='sinkhorn'),
    dict(normalize='sphere'),
    dict(grad_to='target'),
    dict(reduction='batchmean')
])
def test_bad_args(kwargs):
    with pytest.raises(ValueError, match=list(kwargs)[0]):
        EMDLoss(**kwargs)
