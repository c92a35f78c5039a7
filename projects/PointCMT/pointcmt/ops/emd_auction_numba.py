"""Compiled auction for :func:`pointcmt.ops.emd.emd_match` on CPU.

A sequential (Gauss-Seidel) forward auction per pair with eps-scaling,
``@njit(cache=True, nogil=True)`` (serial, no ``fastmath``, like
:mod:`pointcmt.ops.point_kernels_numba`): pairs run in the caller's thread
pool, with the GIL released.
"""
import numpy as np
from numba import njit

__all__ = ['auction_kernel']


@njit(cache=True, nogil=True)
def _squared_costs(x, y, cost):
    """``cost[i, k] = ||x[i] - y[k]||^2`` for ``(P, D)`` sets."""
    num, dim = x.shape
    for i in range(num):
        for k in range(num):
            d = 0.0
            for c in range(dim):
                t = x[i, c] - y[k, c]
                d += t * t
            cost[i, k] = d


@njit(cache=True, nogil=True)
def _drop_slack(cost, price, held, owner, eps, stack):
    """Unassign the persons that violate eps-complementary slackness (their
    object costs more than ``eps`` above their best ``cost + price``) and
    push every unassigned person on ``stack``; returns the stack size."""
    num = cost.shape[0]
    top = 0
    for i in range(num):
        j = held[i]
        if j >= 0:
            best = np.inf
            for k in range(num):
                v = cost[i, k] + price[k]
                if v < best:
                    best = v
            if cost[i, j] + price[j] > best + eps:
                held[i] = -1
                owner[j] = -1
        if held[i] < 0:
            stack[top] = i
            top += 1
    return top


@njit(cache=True, nogil=True)
def _bid_until_assigned(cost, price, held, owner, eps, stack, top):
    """Bid for the persons on ``stack`` one at a time until all hold an
    object: each takes its cheapest ``cost + price`` object, raising its
    price by the gap to the second cheapest plus ``eps``; the former
    owner goes back on the stack."""
    num = cost.shape[0]
    while top > 0:
        top -= 1
        i = stack[top]
        best, second, j = np.inf, np.inf, 0
        for k in range(num):
            v = cost[i, k] + price[k]
            if v < best:
                second = best
                best = v
                j = k
            elif v < second:
                second = v
        if num == 1:
            second = best
        price[j] += second - best + eps
        former = owner[j]
        owner[j] = i
        held[i] = j
        if former >= 0:
            held[former] = -1
            stack[top] = former
            top += 1


@njit(cache=True, nogil=True)
def auction_kernel(x, y, eps_phases):
    """Assignments ``(B, P)`` int64 of the pairs of ``x, y (B, P, D)``
    (contiguous float64) minimising the summed squared distance, each
    within ``P * eps_phases[-1]`` of the optimum.

    Each phase keeps the prices and the assignments that still satisfy its
    ``eps`` (decreasing over ``eps_phases``), then bids until every person
    holds an object (finite costs and ``eps > 0`` end every phase).
    """
    bsz, num = x.shape[0], x.shape[1]
    out = np.empty((bsz, num), np.int64)
    cost = np.empty((num, num))
    price = np.empty(num)
    held = np.empty(num, np.int64)
    owner = np.empty(num, np.int64)
    stack = np.empty(num, np.int64)
    for b in range(bsz):
        _squared_costs(x[b], y[b], cost)
        price[:] = 0.0
        held[:] = -1
        owner[:] = -1
        for eps in eps_phases:
            top = _drop_slack(cost, price, held, owner, eps, stack)
            _bid_until_assigned(cost, price, held, owner, eps, stack, top)
        out[b] = held
    return out
