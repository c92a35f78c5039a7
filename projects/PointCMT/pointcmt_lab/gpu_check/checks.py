"""The checks in order, what each needs, and the run under one time
budget."""
import platform
import time
from functools import partial
from typing import Callable, Dict, List, NamedTuple, Optional

import torch

from .distributed import WORLD_SIZE, check_nccl
from .emd_check import check_emd
from .op_parity import check_feature_knn, check_point_ops
from .render_parity import check_renderers
from .report import CheckResult, run_check, skipped
from .training import check_classifier_steps, check_stages

NEEDS_GPU = 'needs a GPU'


class Check(NamedTuple):
    """One check: its function (``None``: not run here, see ``reason``),
    its time limit in seconds and the reason it cannot run here."""
    name: str
    fn: Optional[Callable]
    limit_s: int
    reason: str = ''


def _on_gpu(name: str, fn: Callable, limit_s: int, cuda: bool) -> Check:
    """A check that only runs with CUDA."""
    return Check(name, fn, limit_s) if cuda else Check(
        name, None, 0, NEEDS_GPU)


def plan(cuda: bool, num_gpus: int, tiny: bool, repo: str) -> List[Check]:
    """The checks for this machine, in order. Without CUDA only the CPU
    checks run (EMD solvers against exact, classifier train steps);
    ``tiny`` shrinks their sizes (tests). With CUDA the EMD solvers run
    there (exact on the CPU as the reference)."""
    if cuda:
        emd = partial(check_emd, ((8, 256), (32, 1024)), ('cuda', ))
        steps = partial(check_classifier_steps, 'cuda', 32, 3, repo)
    else:
        emd = partial(check_emd, ((2, 32), ) if tiny else ((8, 256), ),
                      ('cpu', ))
        steps = partial(check_classifier_steps, 'cpu', 2 if tiny else 4, 1,
                        repo)
    checks = [
        _on_gpu('point_ops_parity', check_point_ops, 90, cuda),
        _on_gpu('feature_knn_parity', check_feature_knn, 60, cuda),
        _on_gpu('renderer_parity', check_renderers, 90, cuda),
        Check('emd_solvers_vs_exact', emd, 150),
        Check('classifier_train_steps', steps, 150),
        _on_gpu('full_scale_stages', partial(check_stages, 3, repo), 180,
                cuda),
    ]
    if cuda and num_gpus < WORLD_SIZE:
        checks.append(Check('nccl_2_ranks', None, 0,
                            f'skipped: {num_gpus} GPU'))
    else:
        checks.append(_on_gpu('nccl_2_ranks', check_nccl, 90, cuda))
    return checks


def environment() -> Dict[str, str]:
    """Python, torch, the GPU and where ``mmcv._ext`` came from."""
    import mmcv
    try:
        from mmcv import _ext
        ext = getattr(_ext, '__file__', '?')
    except ImportError as exc:
        ext = f'not importable ({exc})'
    env = dict(python=platform.python_version(), torch=torch.__version__,
               torch_cuda=str(torch.version.cuda), mmcv=mmcv.__version__,
               mmcv_ext=ext, cpu_threads=str(torch.get_num_threads()))
    if torch.cuda.is_available():
        env['gpus'] = ', '.join(
            torch.cuda.get_device_name(i)
            for i in range(torch.cuda.device_count()))
    else:
        env['gpus'] = 'none'
    return env


def run_checks(checks: List[Check], budget_s: float) -> List[CheckResult]:
    """Run ``checks`` in order; each gets its limit or what is left of
    ``budget_s``, whichever is less, and none starts with under 10 s
    left."""
    end = time.monotonic() + budget_s
    results = []
    for check in checks:
        left = int(end - time.monotonic())
        if check.fn is None:
            results.append(skipped(check.name, check.reason))
        elif left < 10:
            results.append(skipped(check.name,
                                   f'time budget of {budget_s} s spent'))
        else:
            print(f'[check_gpu] {check.name} ...', flush=True)
            result = run_check(check.name, check.fn, min(check.limit_s, left))
            print(f'[check_gpu] {check.name}: {result.status} '
                  f'({result.wall_s:.1f} s)', flush=True)
            results.append(result)
    return results


__all__ = ['Check', 'environment', 'NEEDS_GPU', 'plan', 'run_checks']
