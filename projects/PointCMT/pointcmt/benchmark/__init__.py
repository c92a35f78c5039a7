"""What PointCMT costs: the measurements behind ``tools/benchmark.py``.

Not imported by ``import pointcmt``; import it where benchmarks run.
"""
from .measure import (cpu_model, environment_info, measure_peak_memory,
                      peak_memory_method, time_call)

__all__ = [
    'cpu_model', 'environment_info', 'measure_peak_memory',
    'peak_memory_method', 'time_call'
]
