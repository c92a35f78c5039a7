"""Fixed-round batched auction for :func:`pointcmt.ops.emd.emd_match`.

Everything is a tensor op on the inputs' device with shapes fixed by
``(B, P)`` and the arguments: no round reads a value back to the host (no
``nonzero``, ``item`` or data-dependent Python branch), so on CUDA the whole
match is queued without a synchronisation.
"""
from typing import List

import torch
from torch import Tensor

__all__ = ['auction_match', 'eps_schedule']


def eps_schedule(eps: float, eps_start: float,
                 eps_factor: float) -> List[float]:
    """Bid increments ``eps_start, eps_start * eps_factor, ...`` while above
    ``eps``, then ``eps``."""
    if not (eps > 0 and eps_start > 0 and 0 < eps_factor < 1):
        raise ValueError('emd auction: need eps > 0, eps_start > 0 and 0 < '
                         f'eps_factor < 1, got eps={eps}, eps_start='
                         f'{eps_start}, eps_factor={eps_factor}')
    schedule = []
    step = eps_start
    while step > eps * (1 + 1e-6):
        schedule.append(step)
        step *= eps_factor
    return schedule + [eps]


def _keep_slack(cost: Tensor, price: Tensor, held: Tensor, owner: Tensor,
                eps: float):
    """Unassign the persons whose object costs more than ``eps`` above
    their best ``cost + price`` (eps-complementary slackness)."""
    value = cost + price[:, None, :]
    mine = value.gather(2, held.clamp(min=0)[..., None])[..., 0]
    keep = (held >= 0) & (mine <= value.amin(2) + eps)
    owner = torch.where((owner >= 0) & keep.gather(1, owner.clamp(min=0)),
                        owner, -1)
    return torch.where(keep, held, -1), owner


def _bid_round(cost: Tensor, price: Tensor, held: Tensor, owner: Tensor,
               eps: float, width: int):
    """One Jacobi round: up to ``width`` unassigned persons per pair bid at
    once; each object goes to its highest bidder (ties: the highest
    person index), its former owner is unassigned."""
    num = cost.shape[1]
    free = held < 0
    # The unassigned persons first (stable: lowest indices first).
    persons = free.to(torch.uint8).argsort(
        dim=1, descending=True, stable=True)[:, :width]
    bidding = free.gather(1, persons)
    value = cost.gather(1, persons[..., None].expand(-1, -1, num))
    two, choice = (value + price[:, None, :]).topk(2, dim=2, largest=False)
    target = choice[..., 0]
    bid = price.gather(1, target) + (two[..., 1] - two[..., 0]) + eps
    bid = bid.masked_fill(~bidding, -float('inf'))
    top = torch.full_like(price, -float('inf')).scatter_reduce(
        1, target, bid, 'amax')
    wins = bidding & (bid == top.gather(1, target))
    bidder = torch.where(wins, persons, -1)
    winner = torch.full_like(owner, -1).scatter_reduce(1, target, bidder,
                                                       'amax')
    sold = winner >= 0
    held = torch.where(~free & sold.gather(1, held.clamp(min=0)), -1, held)
    won = bidding & (winner.gather(1, target) == persons)
    held = held.scatter(1, persons,
                        torch.where(won, target, held.gather(1, persons)))
    owner = torch.where(sold, winner, owner)
    return held, owner, torch.where(sold, top, price)


def _complete(held: Tensor, owner: Tensor) -> Tensor:
    """Give the k-th unassigned person of each pair its k-th free object."""
    bsz, num = held.shape
    free_p, free_o = held < 0, owner < 0
    rank_o = torch.where(free_o, free_o.cumsum(1) - 1, num)
    index = torch.arange(num, device=held.device).expand(bsz, num)
    obj_of_rank = held.new_zeros(bsz, num + 1).scatter(1, rank_o, index)
    rank_p = (free_p.cumsum(1) - 1).clamp(min=0)
    return torch.where(free_p, obj_of_rank.gather(1, rank_p), held)


def auction_match(x: Tensor,
                  y: Tensor,
                  eps: float = 2e-4,
                  eps_start: float = 0.05,
                  eps_factor: float = 0.1,
                  rounds: int = 1500,
                  width: int = 32) -> Tensor:
    """Approximate assignment by a fixed-round batched auction.

    Bertsekas' forward auction on squared distances with Jacobi bidding and
    eps-scaling: every phase (bid increment from :func:`eps_schedule`) keeps
    the prices and the assignments that satisfy its increment, then runs
    exactly ``rounds`` bidding rounds. A completed final phase is within
    ``P * eps`` of the optimal summed cost; persons still unassigned after
    the last round get the free objects in index order (a bijection
    always, which voids that bound).

    Args:
        x (Tensor): ``(B, P, D)`` points (unit-box scale for the defaults).
        y (Tensor): ``(B, P, D)`` points.
        eps (float): Final bid increment, in squared-distance units.
        eps_start (float): First increment (the reference's auction uses
            0.05 throughout).
        eps_factor (float): Ratio of consecutive increments, in (0, 1).
        rounds (int): Bidding rounds per phase.
        width (int): Most persons per pair bidding in one round (the first
            unassigned ones); rounds cost ``O(B * width * P)``.

    Returns:
        Tensor: ``(B, P)`` long on ``x.device``, the y index of each x point.
    """
    phases = eps_schedule(eps, eps_start, eps_factor)
    if rounds < 1 or width < 1:
        raise ValueError('emd auction: need rounds >= 1 and width >= 1, '
                         f'got rounds={rounds}, width={width}')
    bsz, num = x.shape[:2]
    if num == 1:
        return x.new_zeros((bsz, 1), dtype=torch.long)
    cost = torch.cdist(
        x.detach().float(),
        y.detach().float(),
        compute_mode='donot_use_mm_for_euclid_dist').square_()
    price = cost.new_zeros(bsz, num)
    held = torch.full((bsz, num), -1, dtype=torch.long, device=x.device)
    owner = held.clone()
    width = min(width, num)
    for step in phases:
        held, owner = _keep_slack(cost, price, held, owner, step)
        for _ in range(rounds):
            held, owner, price = _bid_round(cost, price, held, owner, step,
                                            width)
    return _complete(held, owner)
