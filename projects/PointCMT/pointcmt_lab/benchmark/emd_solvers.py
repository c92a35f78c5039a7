"""The EMD solvers: time and error against exact assignments.

:func:`measure_emd_modes` times :func:`pointcmt.ops.emd_match`'s solvers and
measures their error against the exact one (the table in
:mod:`pointcmt.ops.emd`); :func:`bench_emd` is the ``emd`` sub-benchmark:
``EMDLoss`` forward + backward per solver against a direct scipy reference
(and POT / geomloss when importable).
"""
import time
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
from scipy.optimize import linear_sum_assignment
from torch import Tensor

from mmdet3d.registry import MODELS
from pointcmt.models.losses import normalize_unit_box
from pointcmt.ops import emd_distance, emd_match
from .measure import Timer, log_progress, optional_module


def _matched_sq_cost(x: Tensor, y: Tensor, idx: Tensor) -> Tensor:
    """``(B,)`` mean squared distance of matched points (float64)."""
    matched = y.gather(1, idx[..., None].expand(-1, -1, y.shape[-1]))
    return (x - matched).double().square().sum(-1).mean(1)


def ellipsoid_pairs(bsz: int, num: int,
                    generator: torch.Generator) -> Tuple[Tensor, Tensor]:
    """Two independent noisy samplings of the same random ellipsoids, like
    generated vs real shapes: ``(B, P, 3)`` each."""
    axes = 0.3 + 0.7 * torch.rand(bsz, 1, 3, generator=generator)

    def sample() -> Tensor:
        d = torch.randn(bsz, num, 3, generator=generator)
        d = d / d.norm(dim=-1, keepdim=True)
        noise = 0.01 * torch.randn(bsz, num, 3, generator=generator)
        return 0.5 * axes * d + noise

    return sample(), sample()


def measure_emd_modes(sizes: Sequence[Tuple[int,
                                            int]] = ((8, 256), (32, 256),
                                                     (8, 1024), (32, 1024)),
                      modes: Sequence[Tuple[str, Dict]] = (('auction_cpu', {}),
                                                           ('auction', {})),
                      data: str = 'surface',
                      seed: int = 0,
                      num_threads: Optional[int] = None) -> List[Dict]:
    """Time the solvers and measure their error against the exact one.

    Args:
        sizes (Sequence[tuple]): ``(B, P)`` problem sizes.
        modes (Sequence[tuple]): ``(solver, kwargs)`` pairs to compare with
            ``'exact'`` (which is always timed first).
        data (str): ``'surface'``: two independent noisy samplings of the
            same ellipsoid surface (like generated vs real shapes), or
            ``'uniform'``: independent uniform points in ``[-0.5, 0.5]^3``;
            both unit-box normalised like ``EMDLoss``'s inputs.
        seed (int): Random seed.
        num_threads (int, optional): torch intra-op threads during the
            measurement (restored after).

    Returns:
        list[dict]: One row per size and mode: ``solver``, ``kwargs``,
        ``B``, ``P``, ``time_s``, ``emd`` (mean of :func:`emd_distance`),
        ``rel_err_emd`` and ``rel_err_cost`` (relative excess of the EMD
        value and of the mean squared matched distance over exact; a
        negative ``rel_err_emd`` is possible because exact minimises the
        squared cost, not the distance).
    """
    if data not in ('surface', 'uniform'):
        raise ValueError(f"measure_emd_modes: data must be 'surface' or "
                         f"'uniform', got {data!r}")
    gen = torch.Generator().manual_seed(seed)
    threads = torch.get_num_threads()
    torch.set_num_threads(num_threads or threads)
    try:
        return [
            row for bsz, num in sizes
            for row in _measure_size(bsz, num, modes, data, gen)
        ]
    finally:
        torch.set_num_threads(threads)


def _measure_size(bsz: int, num: int, modes: Sequence[Tuple[str, Dict]],
                  data: str, gen: torch.Generator) -> List[Dict]:
    """Rows of :func:`measure_emd_modes` for one ``(B, P)``."""
    rows = []
    if data == 'surface':
        x, y = ellipsoid_pairs(bsz, num, gen)
    else:
        x = torch.rand(bsz, num, 3, generator=gen) - 0.5
        y = torch.rand(bsz, num, 3, generator=gen) - 0.5
    x, y = normalize_unit_box(x), normalize_unit_box(y)
    ref_emd = ref_cost = None
    for solver, kwargs in (('exact', {}), *modes):
        start = time.perf_counter()
        idx = emd_match(x, y, solver, **kwargs)
        elapsed = time.perf_counter() - start
        emd = emd_distance(x, y, idx).double().mean().item()
        cost = _matched_sq_cost(x, y, idx).mean().item()
        if ref_emd is None:
            ref_emd, ref_cost = emd, cost
        rows.append(
            dict(
                solver=solver,
                kwargs=dict(kwargs),
                B=bsz,
                P=num,
                time_s=elapsed,
                emd=emd,
                rel_err_emd=emd / ref_emd - 1,
                rel_err_cost=cost / ref_cost - 1))
    return rows


def _scipy_emd(x: torch.Tensor, y: torch.Tensor) -> float:
    """Reference EMD: per pair, ``linear_sum_assignment`` on squared
    distances (float64), then the mean matched Euclidean distance."""
    values = []
    for xs, ys in zip(x.double().numpy(), y.double().numpy()):
        cost = ((xs[:, None] - ys[None])**2).sum(-1)
        rows, cols = linear_sum_assignment(cost)
        values.append(np.sqrt(cost[rows, cols]).mean())
    return float(np.mean(values))


def _emd_row(name: str, kwargs: Dict, case: Dict, time_: Dict, value: float,
             ref: float) -> Dict:
    """A row of :func:`bench_emd`: the solver and its options, the case
    (``B``, ``P``), the timing, the EMD and its error relative to ``ref``,
    the reference's EMD."""
    return dict(
        solver=name,
        kwargs=kwargs,
        **case,
        time=time_,
        emd=value,
        rel_err=value / ref - 1)


def _external_emd_rows(x, y, case, ref, timer) -> List[Dict]:
    """POT exact EMD and geomloss Sinkhorn rows, when importable."""
    rows = []
    ot = optional_module('ot')
    if ot is not None:
        w = np.full(case['P'], 1.0 / case['P'])

        def pot():
            return float(
                np.mean([
                    ot.emd2(w, w, ot.dist(a, b, metric='euclidean'))
                    for a, b in zip(x.double().numpy(),
                                    y.double().numpy())
                ]))

        rows.append(
            _emd_row('pot_emd2', dict(metric='euclidean'), case, timer(pot),
                     pot(), ref))
    geomloss = optional_module('geomloss')
    if geomloss is not None:
        loss = geomloss.SamplesLoss('sinkhorn', p=1, blur=1e-3)

        def sinkhorn():
            pred = x.clone().requires_grad_()
            value = loss(pred, y).mean()
            value.backward()
            return value.item()

        rows.append(
            _emd_row('geomloss_sinkhorn', dict(p=1, blur=1e-3), case,
                     timer(sinkhorn), sinkhorn(), ref))
    return rows


def bench_emd(sizes: Dict, timer: Timer) -> Dict:
    """``EMDLoss`` forward + backward per solver vs a scipy reference, on
    the timer's device (POT / geomloss rows on CPU only)."""
    gen = torch.Generator().manual_seed(0)
    rows = []
    for bsz, num in sizes['sizes']:
        log_progress(f'emd B={bsz} P={num}')
        x, y = map(normalize_unit_box, ellipsoid_pairs(bsz, num, gen))
        start = time.perf_counter()
        ref = _scipy_emd(x, y)
        ref_time = time.perf_counter() - start
        case = dict(B=bsz, P=num)
        rows.append(
            _emd_row(
                'scipy_reference', {}, case,
                dict(min_s=ref_time, median_s=ref_time, repeats=1, warmup=0),
                ref, ref))
        for solver, kwargs in sizes['modes']:
            loss = MODELS.build(
                dict(
                    type='EMDLoss',
                    solver=solver,
                    solver_cfg=kwargs,
                    normalize=None))

            values = []
            on_device = x.to(timer.device), y.to(timer.device)

            def step(loss=loss, values=values, pair=on_device):
                pred = pair[0].clone().requires_grad_()
                value = loss(pred, pair[1])
                value.backward()
                values.append(value.item())

            rows.append(
                _emd_row(solver, dict(kwargs), case, timer(step), values[-1],
                         ref))
        if timer.device.type == 'cpu':
            rows.extend(_external_emd_rows(x, y, case, ref, timer))
    unavailable = [
        f'{name}: not importable' for name in ('ot', 'geomloss')
        if optional_module(name) is None
    ]
    return dict(
        rows=rows,
        unavailable=unavailable,
        note=('EMDLoss(normalize=None, reduction=mean) forward + backward; '
              'rel_err = value / scipy reference - 1; data: two noisy '
              'samplings of the same ellipsoids, unit-box normalised; the '
              'scipy reference is timed once (sequential, forward only)'))


__all__ = ['bench_emd', 'ellipsoid_pairs', 'measure_emd_modes']
