"""Benchmarks: what PointCMT costs, measured side by side in one run.

Example::

    python tools/benchmark.py --threads 2 --repeats 5 --warmup 1
    python tools/benchmark.py --quick                   # smoke check only
    python tools/benchmark.py --only emd render --out work_dirs/bench.json
    python tools/benchmark.py --only mesh_render --threads 1
    python tools/benchmark.py --only render mesh_render --device cuda
    python tools/benchmark.py --only emd --device cuda

Sub-benchmarks (``--only``; all by default):

* ``train``: one training step (``model.train_step``: preprocessing,
  forward, backward, optimizer) of the Stage III synthetic config's student
  on one fixed batch, as the vanilla baseline (every term off), as
  PointCMT (the config's ``loss_fe`` and ``loss_ce``) with cached teacher
  features and as PointCMT with the online
  teacher (random weights, views rendered by the data preprocessor). The
  breakdown times each part of the cross-modal terms on the same batch,
  forward only: student feature, rendering, teacher, CMPG (both calls), the
  EMD assignment, the whole ``loss_fe`` and the KL term.
* ``inference``: the student exported by ``pointcmt.apis.export_student``
  vs the vanilla ``PointClassifier`` holding the same weights (and the
  distiller itself in ``tensor`` mode): parameters, max output difference,
  latency.
* ``emd``: forward + backward of ``EMDLoss`` per solver on unit-box sets,
  with the relative error of its value against a direct scipy
  ``linear_sum_assignment`` reference (and POT / geomloss when importable,
  on CPU). With ``--device cuda`` the losses take CUDA inputs.
* ``render``: views per second of ``RenderMultiView`` (per sample) and of
  the batched ``render_point_views``.
* ``mesh_render``: the same for meshes: ``RenderMeshViews`` (per sample)
  and the batched ``render_mesh_views`` on a 2048-triangle torus, ring12,
  shaded.
  With ``--device cuda`` these two run their batched renderers on the GPU
  and compare the images with the CPU's.
* ``ops``: time and peak memory of FPS, ball query, kNN and grouping against
  plain-torch and scipy ``cKDTree`` references (and fpsample / Open3D when
  importable).

Every time is ``min_s`` / ``median_s`` over ``--repeats`` calls after
``--warmup`` calls; peak memory follows :mod:`pointcmt_lab.benchmark.measure`.
The code is :mod:`pointcmt_lab.benchmark`. The JSON goes to stdout and
``--out``; progress lines go to stderr.
"""
import argparse
import json
import os.path as osp

from pointcmt_lab.benchmark import BENCHMARKS, run_benchmarks

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))


def build_parser() -> argparse.ArgumentParser:
    """The command line of this tool."""
    parser = argparse.ArgumentParser(
        description='Time PointCMT against its vanilla baseline')
    parser.add_argument(
        '--quick',
        action='store_true',
        help='tiny sizes and 1 repeat: checks that everything runs')
    parser.add_argument(
        '--only',
        nargs='+',
        choices=BENCHMARKS,
        default=list(BENCHMARKS),
        help='sub-benchmarks to run (default: all)')
    parser.add_argument(
        '--out',
        default=osp.join('work_dirs', 'benchmark', 'benchmark.json'),
        help='JSON output file')
    parser.add_argument(
        '--repeats', type=int, help='timed calls (default 5, quick 1)')
    parser.add_argument(
        '--warmup', type=int, help='untimed calls first (default 1, quick 0)')
    parser.add_argument(
        '--threads', type=int, help='torch intra-op threads (default: torch)')
    parser.add_argument(
        '--device',
        default='cpu',
        help='where the renderers and the EMD losses run, e.g. cuda (then '
        '--only emd, render and/or mesh_render)')
    return parser


def parse_args() -> argparse.Namespace:
    parser = build_parser()
    args = parser.parse_args()
    if (args.repeats is not None and args.repeats < 1) or (
            args.warmup is not None and args.warmup < 0):
        parser.error('--repeats must be >= 1 and --warmup >= 0')
    if args.threads is not None and args.threads < 1:
        parser.error('--threads must be >= 1')
    return args


def main() -> None:
    args = parse_args()
    report = run_benchmarks(
        only=args.only,
        quick=args.quick,
        repeats=args.repeats,
        warmup=args.warmup,
        threads=args.threads,
        device=args.device,
        config_root=REPO,
        out=args.out)
    print(json.dumps(report, indent=2))


if __name__ == '__main__':
    main()
