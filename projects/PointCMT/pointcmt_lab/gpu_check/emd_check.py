"""Error and time of every EMD solver (``pointcmt.ops.EMD_SOLVERS``, read
at run time) against the exact assignment, on the CPU and, when there is
one, on the GPU."""
import time
from functools import partial
from typing import Dict, List, Sequence, Tuple

import torch

import pointcmt.ops
from ..benchmark.emd_solvers import ellipsoid_pairs
from .report import row_or_error

#: Largest relative excess of a solver's EMD over the exact one accepted.
MAX_REL_EXCESS = 0.05


def _emd_value(x: torch.Tensor, y: torch.Tensor, idx: torch.Tensor) -> float:
    return float(pointcmt.ops.emd_distance(x, y, idx.to(x.device)).mean())


def _solver_row(x: torch.Tensor, y: torch.Tensor, solver: str,
                exact: float) -> Dict:
    """Seconds of one ``emd_match`` after a warm-up call, and its EMD's
    excess over ``exact``."""
    sync = torch.cuda.synchronize if x.is_cuda else (lambda: None)
    pointcmt.ops.emd_match(x, y, solver)
    sync()
    start = time.perf_counter()
    idx = pointcmt.ops.emd_match(x, y, solver)
    sync()
    seconds = time.perf_counter() - start
    excess = _emd_value(x.cpu(), y.cpu(), idx.cpu()) / exact - 1
    return dict(seconds=seconds, rel_excess=excess,
                passed=excess <= MAX_REL_EXCESS)


def check_emd(sizes: Sequence[Tuple[int, int]],
              devices: Sequence[str]) -> Tuple[bool, List[Dict], str]:
    """For each ``(B, P)`` in ``sizes`` and each device: every solver's
    seconds and EMD relative to ``'exact'`` (on the CPU)."""
    solvers = pointcmt.ops.EMD_SOLVERS
    rows = []
    for bsz, num in sizes:
        x, y = ellipsoid_pairs(bsz, num, torch.Generator().manual_seed(0))
        start = time.perf_counter()
        exact = _emd_value(x, y, pointcmt.ops.emd_match(x, y, 'exact'))
        exact_s = time.perf_counter() - start
        for device in devices:
            xd, yd = x.to(device), y.to(device)
            for solver in solvers:
                if solver != 'exact':
                    rows.append(row_or_error(
                        partial(_solver_row, xd, yd, solver, exact),
                        B=bsz, P=num, device=device, solver=solver,
                        exact_cpu_s=exact_s))
    note = (f'solvers {solvers} (default options); exact = scipy on the '
            f'CPU; pass: relative excess <= {MAX_REL_EXCESS}; data: two '
            'noisy samplings of one ellipsoid (pointcmt_lab.benchmark)')
    return all(r['passed'] for r in rows), rows, note


__all__ = ['check_emd', 'MAX_REL_EXCESS']
