"""Earth Mover's Distance between equal-size point sets.

The EMD between two sets of ``P`` points is found through a bijection (an
assignment) ``idx`` that matches point ``x[b, i]`` with ``y[b, idx[b, i]]``
and minimises the sum of squared matched distances. Matching is done without
gradients by one of these solvers (:data:`EMD_SOLVERS`):

* ``'exact'``: :func:`scipy.optimize.linear_sum_assignment` on the
  ``(P, P)`` float64 squared-distance matrix of each pair, the pairs in a
  thread pool (scipy releases the GIL). CPU only; CUDA inputs are copied.
* ``'auction'``: :func:`pointcmt.ops.emd_auction.auction_match`, a batched
  fixed-round auction in torch on the inputs' device that never waits for
  the device (the GPU solver, the counterpart of the reference's CUDA
  auction).
* ``'auction_cpu'``: a compiled (numba) sequential auction with
  eps-scaling run to completion, pairs in the thread pool
  (:func:`auction_cpu_match`). CPU only; CUDA inputs are copied.
* ``'auto'`` (default): ``'auction'`` for CUDA inputs, ``'auction_cpu'``
  for CPU ones.

Both auctions bid on squared distances of unit-box-normalised sets; their
increments go from the reference's 0.05 down to a final ``eps``: 0.05 alone
(``eps=eps_start=0.05``, the reference's setting; 3000 rounds for
``'auction'``) gives EMD values 16-17 % above exact at B=32, P=128 and
32-33 % at B=8, P=1024. The thread pool holds
``cpu_count // LOCAL_WORLD_SIZE`` threads (:func:`pool_workers`), so the
ranks of one machine share its cores.

:func:`emd_distance` then gives the differentiable value: the mean over points
of the Euclidean matched distance.

Measured on the shared 2-core CPU while other jobs ran (wall seconds /
relative excess of the EMD value over exact; the shipped defaults; two noisy
samplings of the same ellipsoid, unit-box normalised, from
``pointcmt_lab.benchmark.measure_emd_modes(sizes, num_threads=1)``, one call
each, the numba kernel already compiled)::

    B, P       exact     auction_cpu         auction (on this CPU)
    32, 128    0.033 s   0.015 s / -0.002 %  5.9 s / -0.07 %
    8, 256     0.037 s   0.019 s / +0.009 %  3.2 s / +0.14 %
    32, 256    0.26 s    0.087 s / -0.013 %  11.2 s / -0.04 %
    8, 1024    1.6 s     0.39 s / +0.036 %   8.8 s / +0.26 %
    32, 1024   3.2 s     0.92 s / +0.051 %   45.9 s / +0.46 %

``'auction_cpu'`` is 2-4x faster than exact within 0.06 %, hence the CPU
default. ``'auction'`` runs its 6000 rounds (4 phases of 1500) whatever the
data, a few small ops each: slow on a CPU, meant for a GPU (not measured
here). Its error comes from the persons a round budget leaves unassigned
(the Jacobi auction's tail of long displacement chains), which the
completion pairs with distant free points.
"""
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Optional

import numpy as np
import torch
from scipy.optimize import linear_sum_assignment
from torch import Tensor

from .emd_auction import auction_match, eps_schedule
from .emd_auction_numba import auction_kernel

EMD_SOLVERS = ('auto', 'exact', 'auction', 'auction_cpu')


def pool_workers() -> int:
    """Threads of this process's solver pool: ``cpu_count`` divided by the
    processes of this machine (``LOCAL_WORLD_SIZE``, set by torchrun and
    mmengine's launchers; 1 when unset), at least 1."""
    local = os.environ.get('LOCAL_WORLD_SIZE', '1')
    if not local.isdigit() or int(local) < 1:
        raise ValueError('emd: the environment variable LOCAL_WORLD_SIZE '
                         f'must be a positive integer, got {local!r}')
    return max(1, (os.cpu_count() or 1) // int(local))


def _check_point_sets(x: Tensor, y: Tensor) -> None:
    """Raise for point sets that cannot be matched one to one."""
    for name, t in (('x', x), ('y', y)):
        if not isinstance(t, Tensor):
            raise TypeError(f'emd: {name} must be a Tensor, got {type(t)}')
        if t.dim() != 3:
            raise ValueError(f'emd: {name} must be (B, P, D), got shape '
                             f'{tuple(t.shape)}')
    if x.shape != y.shape:
        raise ValueError('emd: x and y must have the same (B, P, D) shape, '
                         f'got {tuple(x.shape)} and {tuple(y.shape)}')
    if x.shape[1] == 0:
        raise ValueError(f'emd: x and y are empty point sets (P = 0), shape '
                         f'{tuple(x.shape)}')


def _map_pairs(solve: Callable[[np.ndarray, np.ndarray], np.ndarray],
               x: Tensor, y: Tensor, num_workers: Optional[int]) -> Tensor:
    """``solve`` on contiguous chunks of the pairs (float64 ``(b, P, D)``
    arrays -> ``(b, P)`` indices) in a thread pool; ``(B, P)`` long on
    ``x.device``."""
    xs = x.detach().to('cpu', torch.float64).contiguous().numpy()
    ys = y.detach().to('cpu', torch.float64).contiguous().numpy()
    workers = min(len(xs), num_workers or pool_workers())
    if workers <= 1:
        cols = solve(xs, ys)
    else:
        chunks = np.array_split(np.arange(len(xs)), workers)
        with ThreadPoolExecutor(workers) as pool:
            cols = np.concatenate(
                list(pool.map(lambda i: solve(xs[i], ys[i]), chunks)))
    return torch.from_numpy(cols).long().to(x.device)


def _exact_pairs(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Optimal assignments ``(b, P)`` of ``(b, P, D)`` pairs."""
    cols = []
    for x, y in zip(xs, ys):
        cost = ((x[:, None, :] - y[None, :, :])**2).sum(-1)
        cols.append(linear_sum_assignment(cost)[1])
    return np.stack(cols)


def exact_match(x: Tensor,
                y: Tensor,
                num_workers: Optional[int] = None) -> Tensor:
    """Optimal assignment per pair with scipy, pairs in a thread pool.

    Args:
        x (Tensor): ``(B, P, D)`` points.
        y (Tensor): ``(B, P, D)`` points.
        num_workers (int, optional): Threads (at most ``B``); default
            :func:`pool_workers`.

    Returns:
        Tensor: ``(B, P)`` long on ``x.device``, the y index of each x point.
    """
    return _map_pairs(_exact_pairs, x, y, num_workers)


def auction_cpu_match(x: Tensor,
                      y: Tensor,
                      eps: float = 1e-4,
                      eps_start: float = 0.05,
                      eps_factor: float = 0.2,
                      num_workers: Optional[int] = None) -> Tensor:
    """Compiled sequential auction with eps-scaling, pairs in a thread pool.

    Each pair (float64) runs Bertsekas' forward auction one bid at a time
    (:func:`pointcmt.ops.emd_auction_numba.auction_kernel`); every phase of
    :func:`pointcmt.ops.emd_auction.eps_schedule` runs to completion, so
    the summed squared cost is within ``P * eps`` of the optimum.

    Args:
        x (Tensor): ``(B, P, D)`` points (unit-box scale for the defaults).
        y (Tensor): ``(B, P, D)`` points.
        eps (float): Final bid increment, in squared-distance units.
        eps_start (float): First increment.
        eps_factor (float): Ratio of consecutive increments, in (0, 1).
        num_workers (int, optional): Threads (at most ``B``); default
            :func:`pool_workers`.

    Returns:
        Tensor: ``(B, P)`` long on ``x.device``, the y index of each x point.
    """
    phases = np.array(eps_schedule(eps, eps_start, eps_factor))
    return _map_pairs(lambda xs, ys: auction_kernel(xs, ys, phases), x, y,
                      num_workers)


_SOLVERS = dict(
    exact=exact_match, auction=auction_match, auction_cpu=auction_cpu_match)


def emd_match(x: Tensor, y: Tensor, solver: str = 'auto', **kwargs) -> Tensor:
    """Bijection between equal-size point sets minimising squared distance.

    Args:
        x (Tensor): ``(B, P, D)`` points, ``P >= 1``.
        y (Tensor): ``(B, P, D)`` points.
        solver (str): One of :data:`EMD_SOLVERS` (see the module docstring).
        **kwargs: Options of the solver: ``num_workers`` (exact);
            ``eps``, ``eps_start``, ``eps_factor``, ``rounds``, ``width``
            (auction); ``eps``, ``eps_start``, ``eps_factor``,
            ``num_workers`` (auction_cpu).

    Returns:
        Tensor: ``(B, P)`` long, the y index matched to each x point; every
        row is a permutation of ``0..P-1``. Computed without gradients.
        Non-finite points raise on CPU; on CUDA they are not checked (the
        check would wait for the device) and give a non-finite
        :func:`emd_distance`.
    """
    _check_point_sets(x, y)
    if solver not in EMD_SOLVERS:
        raise ValueError(f'emd_match: solver must be one of {EMD_SOLVERS}, '
                         f'got {solver!r}')
    if solver == 'auto':
        solver = 'auction' if x.is_cuda else 'auction_cpu'
    if not x.is_cuda and not (torch.isfinite(x).all()
                              and torch.isfinite(y).all()):
        raise ValueError('emd: x and y must be finite (found NaN or inf)')
    with torch.no_grad():
        return _SOLVERS[solver](x, y, **kwargs)


def emd_distance(x: Tensor, y: Tensor, idx: Tensor) -> Tensor:
    """Mean Euclidean distance of matched points, differentiable.

    Args:
        x (Tensor): ``(B, P, D)`` points.
        y (Tensor): ``(B, P, D)`` points.
        idx (Tensor): ``(B, P)`` long, y index of each x point.

    Returns:
        Tensor: ``(B,)``, ``mean_i ||x[b, i] - y[b, idx[b, i]]||``. The
        gradient of a zero distance is zero (``torch.linalg.vector_norm``).
    """
    matched = y.gather(1, idx[..., None].expand(-1, -1, y.shape[-1]))
    return torch.linalg.vector_norm(x - matched, dim=-1).mean(1)


__all__ = [
    'EMD_SOLVERS', 'emd_match', 'emd_distance', 'exact_match', 'auction_match',
    'auction_cpu_match', 'pool_workers'
]
