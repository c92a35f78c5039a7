"""Timing, peak-memory and environment helpers of the benchmarks.

Times are wall-clock (``time.perf_counter``) seconds of whole calls, after
``warmup`` untimed calls; the minimum and the median over ``repeats`` calls
are reported (the minimum is the least disturbed by other processes, the
median shows the typical cost).

Peak memory is the growth of the process's resident set while one call
runs. ``tracemalloc`` only sees Python allocations, not torch's or NumPy's
buffers, so the kernel's own counters are used instead:

* ``'vmhwm'`` (Linux): ``VmHWM`` (the peak resident set) is reset to the
  current resident set by writing ``5`` to ``/proc/self/clear_refs``; the
  peak is ``VmHWM`` after the call minus ``VmRSS`` before it. It counts every
  page the call touches (torch, NumPy, scipy alike). Free heap memory is
  first handed back to the OS (glibc ``malloc_trim(0)``), so that buffers
  freed by earlier calls are not reused unseen; what stays hidden is below
  a page or two per allocation.
* ``'ru_maxrss'`` (elsewhere): the growth of ``resource.getrusage``'s
  ``ru_maxrss`` (the process's all-time peak). It is only a lower bound: a
  call that stays below an earlier peak reads 0.
"""
import ctypes
import ctypes.util
import gc
import importlib
import importlib.util
import math
import os
import platform
import resource
import statistics
import sys
import time
from functools import partial
from types import ModuleType
from typing import Callable, Dict, Optional

import torch

_STATUS = '/proc/self/status'
_CLEAR_REFS = '/proc/self/clear_refs'
_START = time.perf_counter()


def time_call(fn: Callable[[], object],
              repeats: int = 3,
              warmup: int = 1,
              synchronize: Optional[Callable[[], None]] = None
              ) -> Dict[str, float]:
    """Time ``fn()``: ``warmup`` untimed calls, then ``repeats`` timed ones.

    Args:
        fn (callable): The call to time, without arguments.
        repeats (int): Timed calls, ``>= 1``.
        warmup (int): Untimed calls first, ``>= 0``.
        synchronize (callable, optional): Called after each call, inside the
            timing (e.g. ``torch.cuda.synchronize``: CUDA work is
            asynchronous, a call returns before its kernels end).

    Returns:
        dict: ``min_s``, ``median_s`` (seconds), ``repeats``, ``warmup``.
    """
    if repeats < 1 or warmup < 0:
        raise ValueError(f'time_call: need repeats >= 1 and warmup >= 0, got '
                         f'repeats={repeats}, warmup={warmup}')
    sync = synchronize or (lambda: None)
    for _ in range(warmup):
        fn()
        sync()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        sync()
        times.append(time.perf_counter() - start)
    return dict(
        min_s=min(times),
        median_s=statistics.median(times),
        repeats=repeats,
        warmup=warmup)


def _release_free_heap() -> None:
    """Return free heap pages to the OS (glibc ``malloc_trim``; no-op
    elsewhere)."""
    name = ctypes.util.find_library('c')
    if name is None:
        return
    trim = getattr(ctypes.CDLL(name), 'malloc_trim', None)
    if trim is not None:
        trim(0)


def _status_bytes(field: str) -> int:
    """A ``kB`` field of ``/proc/self/status`` in bytes."""
    with open(_STATUS) as f:
        for line in f:
            if line.startswith(field + ':'):
                return int(line.split()[1]) * 1024
    raise ValueError(f'{_STATUS} has no {field!r} field')


def _can_reset_peak() -> bool:
    """Whether ``VmHWM`` can be reset (Linux >= 4.0, writable clear_refs)."""
    try:
        with open(_CLEAR_REFS, 'w') as f:
            f.write('5')
        _status_bytes('VmHWM')
    except (OSError, ValueError):
        return False
    return True


def peak_memory_method() -> str:
    """``'vmhwm'`` where the peak resident set can be reset, else
    ``'ru_maxrss'`` (see the module docstring)."""
    return 'vmhwm' if _can_reset_peak() else 'ru_maxrss'


def measure_peak_memory(fn: Callable[[], object]) -> Dict[str, object]:
    """Peak resident-set growth of one call of ``fn``.

    Args:
        fn (callable): The call to measure, without arguments.

    Returns:
        dict: ``peak_bytes`` (int, ``>= 0``) and ``method`` (``'vmhwm'`` or
        ``'ru_maxrss'``, see the module docstring).
    """
    gc.collect()
    _release_free_heap()
    if _can_reset_peak():
        before = _status_bytes('VmRSS')
        with open(_CLEAR_REFS, 'w') as f:
            f.write('5')
        fn()
        peak = _status_bytes('VmHWM')
        return dict(peak_bytes=max(0, peak - before), method='vmhwm')
    # ru_maxrss is in kB on Linux and in bytes on macOS.
    unit = 1 if sys.platform == 'darwin' else 1024
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    fn()
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return dict(peak_bytes=max(0, after - before) * unit, method='ru_maxrss')


def cpu_model() -> str:
    """The CPU's model name (``/proc/cpuinfo``, else ``platform``)."""
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def environment_info(num_threads: Optional[int] = None,
                     device: str = 'cpu') -> Dict[str, object]:
    """Versions, CPU, threads and device a benchmark ran with.

    Args:
        num_threads (int, optional): torch intra-op threads in use; read from
            torch when not given.
        device (str): The timed calls' device; a CUDA device adds its name.

    Returns:
        dict: ``python``, ``torch``, ``numpy``, ``scipy`` versions,
        ``cpu_model``, ``cpu_count``, ``torch_threads``, ``platform``,
        ``peak_memory_method``, ``device`` (and ``gpu``).
    """
    import numpy
    import scipy
    info = dict(
        python=platform.python_version(),
        torch=torch.__version__,
        numpy=numpy.__version__,
        scipy=scipy.__version__,
        cpu_model=cpu_model(),
        cpu_count=os.cpu_count(),
        torch_threads=num_threads or torch.get_num_threads(),
        platform=platform.platform(),
        peak_memory_method=peak_memory_method(),
        device=device)
    if torch.device(device).type == 'cuda':
        info['gpu'] = torch.cuda.get_device_name(device)
    return info


class Timer:
    """:func:`time_call` with a benchmark run's repeats, warm-up and device.

    Args:
        repeats (int): Timed calls, ``>= 1``.
        warmup (int): Untimed calls first, ``>= 0``.
        device (str): Where the timed calls run (``'cpu'``, ``'cuda'``,
            ``'cuda:1'``, ...); CUDA calls are timed up to the end of their
            kernels.
    """

    def __init__(self, repeats: int, warmup: int,
                 device: str = 'cpu') -> None:
        self.repeats = repeats
        self.warmup = warmup
        self.device = torch.device(device)

    def __call__(self, fn: Callable[[], object]) -> Dict[str, float]:
        sync = (partial(torch.cuda.synchronize, self.device)
                if self.device.type == 'cuda' else None)
        return time_call(fn, self.repeats, self.warmup, sync)


def ratio(num: float, den: float) -> float:
    """``num / den`` (inf when ``den`` is 0)."""
    return num / den if den > 0 else math.inf


def log_progress(message: str) -> None:
    """One progress line on stderr (stdout stays pure JSON), with the
    seconds since this module was imported."""
    print(f'[benchmark {time.perf_counter() - _START:7.1f} s] {message}',
          file=sys.stderr, flush=True)


def optional_module(name: str) -> Optional[ModuleType]:
    """The module if importable, else ``None`` (nothing is installed)."""
    if importlib.util.find_spec(name) is None:
        return None
    return importlib.import_module(name)


__all__ = [
    'time_call', 'measure_peak_memory', 'peak_memory_method', 'cpu_model',
    'environment_info', 'Timer', 'ratio', 'log_progress', 'optional_module'
]
