"""What PointCMT costs, measured side by side: the benchmarks behind
``tools/benchmark.py`` and the tables of ``tools/benchmark_tables.py``.

Not imported by ``import pointcmt``; import it where benchmarks run.
"""
from .emd_solvers import bench_emd, ellipsoid_pairs, measure_emd_modes
from .measure import (Timer, cpu_model, environment_info, log_progress,
                      measure_peak_memory, optional_module,
                      peak_memory_method, ratio, time_call)
from .point_ops import bench_ops
from .rendering import bench_mesh_render, bench_render, torus_mesh
from .stage3_cost import bench_inference, bench_train
from .suite import (BENCHMARKS, DEVICE_BENCHMARKS, FULL, QUICK, STAGE3_CONFIG,
                    TEACHER_CONFIG, run_benchmarks)
from .tables import benchmark_tables

__all__ = [
    'bench_emd', 'ellipsoid_pairs', 'measure_emd_modes', 'Timer',
    'cpu_model', 'environment_info', 'log_progress', 'measure_peak_memory',
    'optional_module', 'peak_memory_method', 'ratio', 'time_call',
    'bench_ops', 'bench_mesh_render', 'bench_render', 'torus_mesh',
    'bench_inference', 'bench_train', 'BENCHMARKS', 'DEVICE_BENCHMARKS',
    'FULL', 'QUICK',
    'STAGE3_CONFIG', 'TEACHER_CONFIG', 'run_benchmarks', 'benchmark_tables'
]
