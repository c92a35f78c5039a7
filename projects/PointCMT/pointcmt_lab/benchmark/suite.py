"""The benchmark suite: every sub-benchmark in one run, one JSON report.

Sub-benchmarks (:data:`BENCHMARKS`): ``train`` and ``inference``
(:mod:`.stage3_cost`), ``emd`` (:mod:`.emd_solvers`), ``render`` and
``mesh_render`` (:mod:`.rendering`), ``ops`` (:mod:`.point_ops`). Every time
is ``min_s`` / ``median_s`` over ``repeats`` calls after ``warmup`` calls;
peak memory follows :mod:`.measure`.
"""
import json
import os
import os.path as osp
import tempfile
import time
from functools import partial
from typing import Dict, Optional, Sequence

import torch
from mmengine.registry import init_default_scope

from .emd_solvers import bench_emd
from .measure import Timer, environment_info, log_progress
from .point_ops import bench_ops
from .rendering import bench_mesh_render, bench_render
from .stage3_cost import bench_inference, bench_train

BENCHMARKS = ('train', 'inference', 'emd', 'render', 'mesh_render', 'ops')
#: The sub-benchmarks that also run on a CUDA device (the others time CPU
#: code: on CUDA, mmcv's kernels would replace our point ops).
DEVICE_BENCHMARKS = ('emd', 'render', 'mesh_render')
#: The configs of ``train`` and ``inference``, relative to the repository.
STAGE3_CONFIG = 'configs/pointcmt_pointnet2_synthetic.py'
TEACHER_CONFIG = 'configs/teacher_mvcnn-resnet18_synthetic.py'

FULL = dict(
    train=dict(batch_size=32),
    inference=dict(batch_sizes=(1, 32)),
    emd=dict(
        sizes=((8, 256), (32, 256), (8, 1024), (32, 1024)),
        modes=(('exact', {}), ('auction_cpu', {}), ('auction', {}))),
    render=dict(
        presets=('simpleview6', 'ring12', 'dodecahedron20'),
        image_sizes=(64, 128, 224),
        num_points=1024,
        per_sample=8,
        batch_size=32),
    mesh_render=dict(
        views='ring12',
        image_sizes=(64, 128, 224),
        torus=(32, 32),
        per_sample=4,
        batch_size=8),
    ops=dict(
        batch_sizes=(16, 32),
        num_points=(1024, 2048, 4096),
        center_ratio=4,
        radius=0.2,
        sample_num=32,
        k=16,
        channels=64))
QUICK = dict(
    train=dict(batch_size=4),
    inference=dict(batch_sizes=(2, )),
    emd=dict(
        sizes=((2, 32), ),
        modes=(('exact', {}), ('auction_cpu', {}), ('auction', {}))),
    render=dict(
        presets=('simpleview6', 'ring12', 'dodecahedron20'),
        image_sizes=(16, ),
        num_points=64,
        per_sample=2,
        batch_size=2),
    mesh_render=dict(
        views='ring12',
        image_sizes=(16, ),
        torus=(8, 8),
        per_sample=2,
        batch_size=2),
    ops=dict(
        batch_sizes=(2, ),
        num_points=(64, ),
        center_ratio=4,
        radius=0.3,
        sample_num=8,
        k=4,
        channels=8))


def run_benchmarks(only: Sequence[str] = BENCHMARKS,
                   quick: bool = False,
                   repeats: Optional[int] = None,
                   warmup: Optional[int] = None,
                   threads: Optional[int] = None,
                   device: str = 'cpu',
                   config_root: str = '.',
                   stage3_config: str = STAGE3_CONFIG,
                   teacher_config: str = TEACHER_CONFIG,
                   out: Optional[str] = None) -> Dict:
    """Run the selected sub-benchmarks and return the JSON-ready report.

    Args:
        only (Sequence[str]): Of :data:`BENCHMARKS` (run in that order).
        quick (bool): Tiny sizes (:data:`QUICK`): checks that all runs.
        repeats (int, optional): Timed calls; default 5 (quick: 1).
        warmup (int, optional): Untimed calls first; default 1 (quick: 0).
        threads (int, optional): torch intra-op threads (restored after).
        device (str): Where the renderers and EMD losses run (``'cpu'`` or a
            CUDA device); other than ``'cpu'`` only with
            :data:`DEVICE_BENCHMARKS`.
        config_root (str): Folder the config paths are relative to.
        stage3_config (str): The Stage III config of ``train`` and
            ``inference``.
        teacher_config (str): Its teacher's Stage I config.
        out (str, optional): Also write the report there as JSON.

    Returns:
        dict: ``environment``, ``settings`` and ``results`` (one entry per
        sub-benchmark, with its ``wall_s``).
    """
    repeats = (1 if quick else 5) if repeats is None else repeats
    warmup = (0 if quick else 1) if warmup is None else warmup
    unknown = set(only) - set(BENCHMARKS)
    if unknown or repeats < 1 or warmup < 0 or (threads is not None
                                                and threads < 1):
        raise ValueError(f'run_benchmarks: need only in {BENCHMARKS}, '
                         'repeats >= 1, warmup >= 0, threads >= 1; got '
                         f'only={list(only)}, repeats={repeats}, '
                         f'warmup={warmup}, threads={threads}')
    off_device = [n for n in only if n not in DEVICE_BENCHMARKS]
    if torch.device(device).type != 'cpu' and off_device:
        raise ValueError(f'run_benchmarks: on {device} only '
                         f'{DEVICE_BENCHMARKS} run; drop {off_device}')
    default_threads = torch.get_num_threads()
    torch.set_num_threads(threads or default_threads)
    init_default_scope('mmdet3d')
    sizes = QUICK if quick else FULL
    timer = Timer(repeats, warmup, device)
    results = {}
    try:
        environment = environment_info(torch.get_num_threads(), device)
        with tempfile.TemporaryDirectory() as tmp:
            stage3 = dict(
                tmp=tmp,
                stage3_config=stage3_config,
                teacher_config=teacher_config,
                config_root=config_root)
            benches = dict(
                train=partial(bench_train, **stage3),
                inference=partial(bench_inference, **stage3),
                emd=bench_emd,
                render=bench_render,
                mesh_render=bench_mesh_render,
                ops=bench_ops)
            for name in BENCHMARKS:
                if name in only:
                    log_progress(f'{name} ...')
                    start = time.perf_counter()
                    results[name] = benches[name](sizes[name], timer)
                    wall = results[name]['wall_s'] = (
                        time.perf_counter() - start)
                    log_progress(f'{name} done in {wall:.1f} s')
    finally:
        torch.set_num_threads(default_threads)
    report = dict(
        environment=environment,
        settings=dict(
            quick=quick,
            repeats=repeats,
            warmup=warmup,
            only=[n for n in BENCHMARKS if n in only]),
        results=results)
    if out:
        os.makedirs(osp.dirname(osp.abspath(out)), exist_ok=True)
        with open(out, 'w') as f:
            f.write(json.dumps(report, indent=2) + '\n')
    return report


__all__ = [
    'BENCHMARKS', 'DEVICE_BENCHMARKS', 'FULL', 'QUICK', 'run_benchmarks'
]
