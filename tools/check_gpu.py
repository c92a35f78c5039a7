"""The project's GPU check: one run, one markdown report.

Example::

    python tools/check_gpu.py --out docs/gpu_check.md
    python tools/check_gpu.py --out /tmp/gpu_check.md --tiny   # tests

Checks (``pointcmt_lab.gpu_check``): parity of mmcv's CUDA point ops, the
feature kNN and both renderers with the CPU port; the EMD solvers against
exact; a train step of the PointNet++ SSG / MSG and DGCNN classifiers with
and without AMP; a few iterations of each full-scale stage (seconds per
iteration, peak GPU memory); a 2-rank NCCL run when 2 GPUs exist. Without
CUDA only the EMD and CPU train-step checks run, the others are listed as
'needs a GPU'; the exit status is 0 either way (the report, also printed,
holds the verdicts). The device machine's run (bundle, install, build) is in
``pointcmt_lab/gpu_check/__init__.py``.
"""
import argparse
import os
import os.path as osp
import sys

import torch
from mmengine.registry import init_default_scope

import pointcmt  # noqa: F401 (registers the components)
from pointcmt_lab import gpu_check

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='PointCMT GPU check')
    parser.add_argument('--out', required=True, help='markdown report')
    parser.add_argument('--tiny', action='store_true',
                        help='tiny CPU sizes (tests)')
    parser.add_argument('--budget-s', type=float, default=420.0,
                        help='seconds for all checks together (default 420)')
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    init_default_scope('mmdet3d')
    cuda = torch.cuda.is_available()
    checks = gpu_check.plan(cuda, torch.cuda.device_count(), args.tiny, REPO)
    results = gpu_check.run_checks(checks, args.budget_s)
    command = 'python tools/check_gpu.py ' + ' '.join(sys.argv[1:])
    text = gpu_check.render_markdown(results, gpu_check.environment(),
                                     command)
    os.makedirs(osp.dirname(osp.abspath(args.out)), exist_ok=True)
    with open(args.out, 'w') as f:
        f.write(text + '\n')
    print(text)
    print(f'[check_gpu] report: {args.out}')


if __name__ == '__main__':
    main()
