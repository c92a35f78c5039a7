import itertools

import numpy as np
import pytest
import torch
from scipy.optimize import linear_sum_assignment

from pointcmt.models.losses import normalize_unit_box
from pointcmt.ops.emd import (auction_cpu_match, auction_match, emd_distance,
                              emd_match, pool_workers)
from pointcmt_lab.benchmark import ellipsoid_pairs

APPROX = [('auction', dict(eps=1e-6)), ('auction_cpu', dict(eps=1e-6))]


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
@pytest.mark.parametrize('solver,kw', [('exact', {})] + APPROX)
def test_small_sets_match_brute_force(case, solver, kw):
    x, y = small_cases()[case]
    idx = emd_match(x, y, solver, **kw)
    assert idx.dtype == torch.long and idx.shape == x.shape[:2]
    assert is_permutation(idx)
    best = brute_force(x, y)
    # auction guarantee: mean squared cost within eps of the optimum
    assert (sq_cost(x, y, idx) <= best + kw.get('eps', 1e-9)).all()
    if case == 'identical':
        assert (sq_cost(x, y, idx) == 0).all()


def test_exact_matches_scipy_larger_sets():
    g = torch.Generator().manual_seed(1)
    x, y = torch.rand(2, 2, 40, 3, generator=g)
    idx = emd_match(x, y, 'exact', num_workers=2)
    assert is_permutation(idx)
    assert torch.allclose(sq_cost(x, y, idx), scipy_cost(x, y), atol=1e-9)


def unit_box_ellipsoids(bsz, num, seed):
    """Unit-box-normalised noisy samplings of the same ellipsoids."""
    x, y = ellipsoid_pairs(bsz, num, torch.Generator().manual_seed(seed))
    return normalize_unit_box(x), normalize_unit_box(y)


@pytest.mark.parametrize('solver,bsz,num', [('auction', 8, 1024),
                                            ('auction_cpu', 8, 1024),
                                            ('auction_cpu', 32, 128)])
def test_default_auctions_within_1_percent_of_exact(solver, bsz, num):
    """The shipped settings on unit-box sets: every row a permutation and
    the EMD value within 1 % of exact."""
    x, y = unit_box_ellipsoids(bsz, num, seed=0)
    idx = emd_match(x, y, solver)
    assert is_permutation(idx)
    exact = emd_distance(x, y, emd_match(x, y, 'exact')).mean()
    assert emd_distance(x, y, idx).mean() / exact - 1 < 0.01


@pytest.mark.parametrize('rounds', [1, 2, 5])
def test_auction_few_rounds_still_gives_a_bijection(rounds):
    x, y = unit_box_ellipsoids(3, 64, seed=3)
    idx = auction_match(x, y, eps=1e-6, rounds=rounds, width=4)
    assert is_permutation(idx)


@pytest.mark.parametrize('rounds', [1, 3, 20])
def test_auction_never_reads_back_a_value(monkeypatch, rounds):
    """No host read-back in any round: every Tensor -> Python conversion
    and nonzero raise while the CPU auction runs."""
    x, y = unit_box_ellipsoids(2, 32, seed=4)
    calls = []

    def forbidden(name):

        def call(*args, **kwargs):
            calls.append(name)
            raise AssertionError(f'auction_match called {name}')

        return call

    for name in ('item', 'tolist', '__bool__', '__int__', '__float__',
                 '__index__', 'nonzero', 'numpy', 'cpu'):
        monkeypatch.setattr(torch.Tensor, name, forbidden(name))
    for name in ('nonzero', 'argwhere', 'unique', 'masked_select'):
        monkeypatch.setattr(torch, name, forbidden(name))
    idx = auction_match(x, y, rounds=rounds)
    monkeypatch.undo()
    assert calls == [] and is_permutation(idx)


@pytest.mark.skipif(not torch.cuda.is_available(), reason='needs CUDA')
def test_auction_on_cuda_never_synchronizes():
    x, y = unit_box_ellipsoids(4, 256, seed=5)
    x, y = x.cuda(), y.cuda()
    torch.cuda.synchronize()
    torch.cuda.set_sync_debug_mode('error')
    try:
        idx = emd_match(x, y)  # 'auto' -> 'auction' on CUDA
    finally:
        torch.cuda.set_sync_debug_mode('default')
    assert idx.is_cuda and is_permutation(idx.cpu())
    exact = emd_distance(x, y, emd_match(x, y, 'exact')).mean()
    assert emd_distance(x, y, idx).mean() / exact - 1 < 0.01


def test_auto_picks_the_cpu_auction_on_cpu():
    x, y = unit_box_ellipsoids(2, 48, seed=6)
    assert torch.equal(emd_match(x, y), auction_cpu_match(x, y))


@pytest.mark.parametrize('local,cpus,expected', [(None, 16, 16), ('4', 16, 4),
                                                 ('3', 16, 5), ('8', 2, 1)])
def test_pool_workers_per_rank(monkeypatch, local, cpus, expected):
    monkeypatch.setattr('os.cpu_count', lambda: cpus)
    if local is None:
        monkeypatch.delenv('LOCAL_WORLD_SIZE', raising=False)
    else:
        monkeypatch.setenv('LOCAL_WORLD_SIZE', local)
    assert pool_workers() == expected


def test_pool_workers_bad_env(monkeypatch):
    monkeypatch.setenv('LOCAL_WORLD_SIZE', 'two')
    with pytest.raises(ValueError, match='LOCAL_WORLD_SIZE'):
        pool_workers()


@pytest.mark.parametrize('solver', ['exact', 'auction_cpu'])
def test_pool_runs_pairs_in_threads(solver):
    x, y = unit_box_ellipsoids(5, 40, seed=7)
    one = emd_match(x, y, solver, num_workers=1)
    assert torch.equal(emd_match(x, y, solver, num_workers=3), one)


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
    for solver in ('auction', 'auction_cpu'):
        with pytest.raises(ValueError, match='eps'):
            emd_match(x, x, solver, eps=0)
    with pytest.raises(ValueError, match='rounds'):
        emd_match(x, x, 'auction', rounds=0)
    bad = x.clone()
    bad[0, 0, 0] = float('nan')
    for solver in ('auto', 'exact', 'auction', 'auction_cpu'):
        with pytest.raises(ValueError, match='finite'):
            emd_match(bad, x, solver)
    with pytest.raises(TypeError, match='Tensor'):
        emd_match(np.zeros((1, 4, 3)), x)
