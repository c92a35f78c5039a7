"""Error and time of every EMD solver (``pointcmt.ops.EMD_SOLVERS``, read
at run time) against the exact assignment, on the CPU and, when there is
one, on the GPU."""
import time
from typing import Dict, List, Sequence, Tuple

import torch

import pointcmt.ops
from ..benchmark.emd_solvers import ellipsoid_pairs

#: Largest relative excess of a solver's EMD over the exact one accepted.
MAX_REL_EXCESS = 0.05


def _emd_value(x: torch.Tensor, y: torch.Tensor, idx: torch.Tensor) -> float:
    return float(pointcmt.ops.emd_distance(x, y, idx.to(x.device)).mean())


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
                if solver == 'exact':
                    continue
                pointcmt.ops.emd_match(xd, yd, solver)  # warm-up
                if device == 'cuda':
                    torch.cuda.synchronize()
                start = time.perf_counter()
                idx = pointcmt.ops.emd_match(xd, yd, solver)
                if device == 'cuda':
                    torch.cuda.synchronize()
                seconds = time.perf_counter() - start
                excess = _emd_value(x, y, idx.cpu()) / exact - 1
                rows.append(dict(B=bsz, P=num, device=device, solver=solver,
                                 seconds=seconds, exact_cpu_s=exact_s,
                                 rel_excess=excess,
                                 passed=excess <= MAX_REL_EXCESS))
    note = (f'solvers {solvers} (default options); exact = scipy on the '
            f'CPU; pass: relative excess <= {MAX_REL_EXCESS}; data: two '
            'noisy samplings of one ellipsoid (pointcmt_lab.benchmark)')
    return all(r['passed'] for r in rows), rows, note


__all__ = ['check_emd', 'MAX_REL_EXCESS']
