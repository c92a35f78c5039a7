import itertools

import numpy as np
import pytest
import torch
from scipy.optimize import linear_sum_assignment

from pointcmt.ops.emd import auction_match, emd_distance, emd_match


def sq_cost(x, y, idx):
    """(B,) mean squared distance of matched points, float64."""
    matched = torch.stack([y[b, idx[b]] for b in range(len(y))])
    return (x - matched).double().square().sum(-1).mean(1)


def brute_force(x, y):
    """(B,) optimal mean squared cost, by enumerating permutations."""
    costs = []
    for xb, yb in zip(x.double(), y.double()):
        d = (xb[:, None] - yb[None]).square().sum(-1)
        best = min(
            itertools.permutations(range(len(xb))),
            key=lambda p: d[range(len(xb)), list(p)].sum().item())
        costs.append(d[range(len(xb)), list(best)].mean().item())
    return torch.tensor(costs, dtype=torch.float64)


def scipy_cost(x, y):
    out = []
    for xb, yb in zip(x.double().numpy(), y.double().numpy()):
        d = ((xb[:, None] - yb[None])**2).sum(-1)
        r, c = linear_sum_assignment(d)
        out.append(d[r, c].mean())
    return torch.tensor(out, dtype=torch.float64)


def is_permutation(idx):
    return bool((idx.sort(1).values == torch.arange(idx.shape[1])).all())


def small_cases():
    g = torch.Generator().manual_seed(0)
    x = torch.rand(3, 6, 3, generator=g)
    y = torch.rand(3, 6, 3, generator=g)
    dup = y.clone()
    dup[:, 3:] = dup[:, :3]  # every target point appears twice
    t = torch.linspace(0, 1, 5)[None, :, None]
    line_x = torch.cat([t, 2 * t, -t], -1).expand(2, -1, -1)
    line_y = line_x.flip(1) + 0.05
    single = torch.rand(2, 1, 3, generator=g)
    return dict(
        random=(x, y),
        duplicates=(x, dup),
        identical=(x, x.clone()),
        collinear=(line_x, line_y),
        single=(single, single + 1))


@pytest.mark.parametrize('case', list(small_cases()))
@pytest.mark.parametrize('solver,kw,tol', [('exact', {}, 1e-9),
                                           ('auction', dict(eps=1e-6), 1e-6)])
def test_small_sets_match_brute_force(case, solver, kw, tol):
    x, y = small_cases()[case]
    idx = emd_match(x, y, solver, **kw)
    assert idx.dtype == torch.long and idx.shape == x.shape[:2]
    assert is_permutation(idx)
    best = brute_force(x, y)
    # auction guarantee: mean squared cost within eps of the optimum
    assert (sq_cost(x, y, idx) <= best + tol).all()
    if case == 'identical':
        assert (sq_cost(x, y, idx) == 0).all()


def test_exact_matches_scipy_larger_sets():
    g = torch.Generator().manual_seed(1)
    x, y = torch.rand(2, 2, 40, 3, generator=g)
    idx = emd_match(x, y, 'exact', num_workers=2)
    assert is_permutation(idx)
    assert torch.allclose(sq_cost(x, y, idx), scipy_cost(x, y), atol=1e-9)


def test_auction_close_to_exact_at_p64():
    # documented tolerance: mean squared matched cost <= exact + eps
    # (eps-complementary slackness bound) and EMD value within 1 %
    g = torch.Generator().manual_seed(2)
    x, y = torch.rand(2, 3, 64, 3, generator=g) - 0.5
    eps = 1e-4
    idx_a = emd_match(x, y, 'auction', eps=eps)
    idx_e = emd_match(x, y, 'exact')
    assert is_permutation(idx_a)
    assert (sq_cost(x, y, idx_a) <= sq_cost(x, y, idx_e) + eps).all()
    rel = emd_distance(x, y, idx_a) / emd_distance(x, y, idx_e) - 1
    assert rel.abs().max() < 0.01


def test_auction_iteration_cap_still_gives_a_bijection():
    g = torch.Generator().manual_seed(3)
    x, y = torch.rand(2, 2, 32, 3, generator=g)
    idx = auction_match(x, y, eps=1e-6, max_iters=2)
    assert is_permutation(idx)


def test_emd_distance_value_and_finite_grad_at_zero():
    x = torch.tensor([[[0., 0., 0.], [1., 0., 0.]]], requires_grad=True)
    y = torch.tensor([[[1., 0., 0.], [0., 3., 4.]]])
    idx = torch.tensor([[1, 0]])
    d = emd_distance(x, y, idx)
    assert torch.allclose(d, torch.tensor([2.5]))
    d.sum().backward()
    assert torch.isfinite(x.grad).all()
    assert torch.allclose(x.grad[0, 1], torch.zeros(3))


@pytest.mark.parametrize('x,y', [
    (torch.rand(2, 4, 3), torch.rand(2, 5, 3)),
    (torch.rand(2, 4, 3), torch.rand(3, 4, 3)),
    (torch.rand(4, 3), torch.rand(4, 3)),
    (torch.rand(2, 0, 3), torch.rand(2, 0, 3)),
])
def test_bad_shapes(x, y):
    with pytest.raises(ValueError, match='emd'):
        emd_match(x, y)


def test_bad_solver_and_values():
    x = torch.rand(1, 4, 3)
    with pytest.raises(ValueError, match='solver'):
        emd_match(x, x, 'hungarian')
    with pytest.raises(ValueError, match='eps'):
        emd_match(x, x, 'auction', eps=0)
    bad = x.clone()
    bad[0, 0, 0] = float('nan')
    for solver in ('exact', 'auction'):
        with pytest.raises(ValueError, match='finite'):
            emd_match(bad, x, solver)
    with pytest.raises(TypeError, match='Tensor'):
        emd_match(np.zeros((1, 4, 3)), x)
