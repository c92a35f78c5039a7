"""Benchmarks: what PointCMT costs, measured side by side in one run.

Example::

    python tools/benchmark.py --threads 2 --repeats 5 --warmup 1
    python tools/benchmark.py --quick                   # smoke check only
    python tools/benchmark.py --only emd render --out work_dirs/bench.json
    python tools/benchmark.py --only mesh_render --threads 1

Sub-benchmarks (``--only``; all by default):

* ``train``: one training step (``model.train_step``: preprocessing,
  forward, backward, optimizer) of the Stage III synthetic config's student
  on one fixed batch, as the vanilla baseline (``use_fe=use_ce=False``), as
  PointCMT with cached teacher features and as PointCMT with the online
  teacher (random weights, views rendered by the data preprocessor). The
  breakdown times each part of the cross-modal terms on the same batch,
  forward only: student feature, rendering, teacher, CMPG (both calls), the
  EMD assignment, the whole ``loss_fe`` and the KL term.
* ``inference``: the student exported by ``tools/export_student.py`` vs the
  vanilla ``PointClassifier`` holding the same weights (and the distiller
  itself in ``tensor`` mode): parameters, max output difference, latency.
* ``emd``: forward + backward of ``EMDLoss`` per solver, with the relative
  error of its value against a direct scipy ``linear_sum_assignment``
  reference (and POT / geomloss when importable).
* ``render``: views per second of ``RenderMultiView`` (per sample) and of
  the batched ``render_point_views``.
* ``mesh_render``: the same for meshes: ``RenderMeshViews`` (per sample)
  and the batched ``render_mesh_views`` on a 2048-triangle torus, ring12,
  shaded.
* ``ops``: time and peak memory of FPS, ball query, kNN and grouping against
  plain-torch and scipy ``cKDTree`` references (and fpsample / Open3D when
  importable).

Every time is ``min_s`` / ``median_s`` over ``--repeats`` calls after
``--warmup`` calls; peak memory follows
:mod:`pointcmt.benchmark.measure`. The JSON goes to stdout and ``--out``.
"""
import argparse
import contextlib
import copy
import importlib
import importlib.util
import json
import math
import os
import os.path as osp
import sys
import tempfile
import time
from typing import Callable, Dict, List, Optional

import numpy as np
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.optim import build_optim_wrapper
from mmengine.registry import init_default_scope
from scipy.optimize import linear_sum_assignment
from scipy.spatial import cKDTree

import pointcmt  # noqa: F401  (registers the plugin)
from mmdet3d.registry import DATASETS, MODELS, TRANSFORMS
from pointcmt.models.losses.point_set_utils import prepare_pair
from pointcmt.ops import (ball_query, camera_frames, emd_match,
                          furthest_point_sample, grouping_operation, knn,
                          render_mesh_views, render_point_views, view_angles)
from pointcmt.engine import load_checkpoint_file
from pointcmt.benchmark.measure import (environment_info,
                                        measure_peak_memory, time_call)

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
STAGE3_CONFIG = osp.join(REPO, 'configs', 'pointcmt_pointnet2_synthetic.py')
TEACHER_CONFIG = osp.join(REPO, 'configs',
                          'teacher_mvcnn-resnet18_synthetic.py')
BENCHMARKS = ('train', 'inference', 'emd', 'render', 'mesh_render', 'ops')

FULL = dict(
    train=dict(batch_size=32),
    inference=dict(batch_sizes=(1, 32)),
    emd=dict(
        sizes=((8, 256), (32, 256), (8, 1024), (32, 1024)),
        modes=(('exact', {}), ('auction', dict(eps=1e-3)), ('auction',
                                                            dict(eps=1e-4)))),
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
        modes=(('exact', {}), ('auction', dict(eps=1e-3)), ('auction',
                                                            dict(eps=1e-4)))),
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


def parse_args(argv=None) -> argparse.Namespace:
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
    args = parser.parse_args(argv)
    if args.repeats is None:
        args.repeats = 1 if args.quick else 5
    if args.warmup is None:
        args.warmup = 0 if args.quick else 1
    if args.repeats < 1 or args.warmup < 0:
        parser.error('--repeats must be >= 1 and --warmup >= 0')
    if args.threads is not None and args.threads < 1:
        parser.error('--threads must be >= 1')
    return args


def _ratio(num: float, den: float) -> float:
    """``num / den`` (inf when ``den`` is 0)."""
    return num / den if den > 0 else math.inf


class _Timer:
    """``time_call`` with the run's repeats and warm-up."""

    def __init__(self, repeats: int, warmup: int) -> None:
        self.repeats = repeats
        self.warmup = warmup

    def __call__(self, fn: Callable[[], object]) -> Dict[str, float]:
        return time_call(fn, self.repeats, self.warmup)


_START = time.perf_counter()


def _progress(message: str) -> None:
    """One progress line on stderr (stdout stays pure JSON)."""
    print(f'[benchmark {time.perf_counter() - _START:7.1f} s] {message}',
          file=sys.stderr, flush=True)


def _optional_module(name: str) -> Optional[object]:
    """The module if importable, else ``None`` (nothing is installed)."""
    if importlib.util.find_spec(name) is None:
        return None
    return importlib.import_module(name)


# ----------------------------------------------------------------- train --
def _stage3_setup(tmp: str, batch_size: int) -> Dict:
    """Configs, frozen checkpoints (random weights) and one fixed batch."""
    cfg = Config.fromfile(STAGE3_CONFIG)
    teacher_cfg = Config.fromfile(TEACHER_CONFIG)
    torch.manual_seed(0)
    cmpg_ckpt = osp.join(tmp, 'cmpg.pth')
    torch.save(
        dict(state_dict=MODELS.build(cfg.model.generator).state_dict()),
        cmpg_ckpt)
    teacher = copy.deepcopy(teacher_cfg.model.to_dict())
    preprocessor = teacher.pop('data_preprocessor')
    teacher_ckpt = osp.join(tmp, 'teacher.pth')
    torch.save(
        dict(state_dict=MODELS.build(teacher).state_dict()), teacher_ckpt)
    render_cfg = {k: v for k, v in teacher_cfg.render.items() if k != 'type'}
    pipeline = [
        t for t in cfg.train_dataloader.dataset.pipeline
        if t.type != 'LoadTeacherFeature'
    ]
    per_class = math.ceil(batch_size / 13)
    dataset = DATASETS.build(
        dict(
            cfg.train_dataloader.dataset,
            num_samples_per_class=per_class,
            pipeline=pipeline))
    samples = [dataset[i] for i in range(batch_size)]
    feat_channels = cfg.model.generator.in_channels
    cached = copy.deepcopy(samples)
    for sample in cached:
        sample['inputs']['teacher_feat'] = torch.randn(feat_channels)
    model = dict(cfg.model.to_dict(), generator_ckpt=cmpg_ckpt)
    variants = dict(
        vanilla=(dict(model, use_fe=False,
                      use_ce=False), pseudo_collate(samples)),
        pointcmt_cached=(model, pseudo_collate(cached)),
        pointcmt_online=(dict(
            model,
            teacher_feat_source='online',
            teacher=teacher,
            teacher_ckpt=teacher_ckpt,
            data_preprocessor=dict(preprocessor, render_cfg=render_cfg)),
                         pseudo_collate(samples)))
    return dict(
        cfg=cfg,
        variants=variants,
        cmpg_ckpt=cmpg_ckpt,
        render_cfg=render_cfg,
        num_points=samples[0]['inputs']['points'].shape[0])


def _step_time(cfg: Config, model_cfg: dict, batch: dict,
               timer: _Timer) -> Dict[str, float]:
    """Time ``train_step`` of a freshly built model on ``batch``."""
    torch.manual_seed(0)
    model = MODELS.build(model_cfg)
    model.train()
    optim_wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    return timer(lambda: model.train_step(batch, optim_wrapper))


def _breakdown(model, batch: dict, timer: _Timer) -> Dict[str, Dict]:
    """Forward times of the parts of the cross-modal terms on one batch."""
    model.train()
    inputs = model.data_preprocessor(batch, True)['inputs']
    parts = {}
    with torch.no_grad():
        parts['student_forward'] = timer(
            lambda: model.student.extract_feat(inputs))
        feat = model.student.extract_feat(inputs)
        if model.teacher is not None:
            points = inputs['points'][..., :3]
            parts['render'] = timer(lambda: render_point_views(
                points, **model.data_preprocessor.render_cfg))
            parts['teacher_forward'] = timer(
                lambda: model.teacher.extract_feat(inputs))
            teacher_feat = model.teacher.extract_feat(inputs)
        else:
            teacher_feat = inputs['teacher_feat']
        student_in = feat if model.adapter is None else model.adapter(feat)
        parts['cmpg_forward'] = timer(lambda: (model.generator(student_in),
                                               model.generator(teacher_feat)))
        pred = model.generator(student_in)
        target = model.generator(teacher_feat)
        loss_fe = model.loss_fe
        pred_n, target_n = prepare_pair(pred, target, loss_fe.normalize,
                                        loss_fe.grad_to, loss_fe.box_eps)
        parts['emd_assignment'] = timer(lambda: emd_match(
            pred_n, target_n, loss_fe.solver, **loss_fe.solver_cfg))
        parts['loss_fe'] = timer(lambda: loss_fe(pred, target))
        fc = model.student.classify_feat
        logits = fc(feat)
        parts['kl'] = timer(lambda: model.loss_ce(logits, fc(teacher_feat)))
    return parts


def bench_train(sizes: Dict, timer: _Timer, tmp: str) -> Dict:
    """Training-step time of vanilla vs PointCMT (cached / online)."""
    setup = _stage3_setup(tmp, sizes['batch_size'])
    cfg = setup['cfg']
    steps = {
        name: _step_time(cfg, model_cfg, batch, timer)
        for name, (model_cfg, batch) in setup['variants'].items()
    }
    vanilla = steps['vanilla']['median_s']
    ratios = {
        name: _ratio(step['median_s'], vanilla)
        for name, step in steps.items() if name != 'vanilla'
    }
    breakdown = {}
    for name in ('pointcmt_cached', 'pointcmt_online'):
        model_cfg, batch = setup['variants'][name]
        torch.manual_seed(0)
        parts = _breakdown(MODELS.build(model_cfg), batch, timer)
        extra = {
            k: v['median_s']
            for k, v in parts.items()
            if k not in ('student_forward', 'loss_fe')
        }
        breakdown[name] = dict(
            parts=parts,
            overhead_s=steps[name]['median_s'] - vanilla,
            dominant=max(extra, key=extra.get))
    return dict(
        config=osp.relpath(STAGE3_CONFIG, REPO),
        teacher_config=osp.relpath(TEACHER_CONFIG, REPO),
        batch_size=sizes['batch_size'],
        num_points=setup['num_points'],
        render_cfg=setup['render_cfg'],
        step=steps,
        ratio_to_vanilla=ratios,
        breakdown=breakdown,
        note=('step = model.train_step (preprocess + forward + backward + '
              'optimizer); breakdown parts are forward-only, timed alone '
              'on the same batch; emd_assignment is inside loss_fe'))


# ------------------------------------------------------------- inference --
def _export_student(config: str, checkpoint: str, out: str) -> None:
    """Run ``tools/export_student.py``'s ``main`` (its message to stderr, so
    that stdout stays pure JSON)."""
    spec = importlib.util.spec_from_file_location(
        'export_student', osp.join(REPO, 'tools', 'export_student.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with contextlib.redirect_stdout(sys.stderr):
        module.main([config, checkpoint, out])


def _num_params(model: torch.nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def bench_inference(sizes: Dict, timer: _Timer, tmp: str) -> Dict:
    """Exported student vs the vanilla classifier with the same weights."""
    setup = _stage3_setup(tmp, max(sizes['batch_sizes']))
    model_cfg, batch = setup['variants']['pointcmt_cached']
    torch.manual_seed(0)
    distiller = MODELS.build(model_cfg)
    ckpt = osp.join(tmp, 'distiller.pth')
    torch.save(dict(state_dict=distiller.state_dict(), meta={}), ckpt)
    exported_path = osp.join(tmp, 'student.pth')
    _export_student(STAGE3_CONFIG, ckpt, exported_path)
    student_cfg = setup['cfg'].model.student
    exported = MODELS.build(student_cfg)
    exported.load_state_dict(
        load_checkpoint_file(exported_path)['state_dict'], strict=True)
    torch.manual_seed(1)
    vanilla = MODELS.build(student_cfg)
    vanilla.load_state_dict(distiller.student.state_dict(), strict=True)
    models = dict(exported=exported, vanilla=vanilla, distiller=distiller)
    for model in models.values():
        model.eval()
    points = torch.stack([p for p in batch['inputs']['points']])
    rows = []
    for bsz in sizes['batch_sizes']:
        inputs = dict(points=points[:bsz])
        with torch.no_grad():
            outs = {k: m(inputs, mode='tensor') for k, m in models.items()}
            times = {
                k: timer(lambda m=m: m(inputs, mode='tensor'))
                for k, m in models.items()
            }
        rows.append(
            dict(
                batch_size=bsz,
                time=times,
                latency_ratio_exported_to_vanilla=_ratio(
                    times['exported']['median_s'],
                    times['vanilla']['median_s']),
                max_abs_diff_exported_vs_vanilla=(
                    outs['exported'] - outs['vanilla']).abs().max().item(),
                max_abs_diff_exported_vs_distiller=(
                    outs['exported'] - outs['distiller']).abs().max().item()))
    return dict(
        num_points=setup['num_points'],
        params=dict(
            exported=_num_params(exported),
            vanilla=_num_params(vanilla),
            distiller_trainable=_num_params(distiller)),
        params_equal=_num_params(exported) == _num_params(vanilla),
        rows=rows,
        note=('distiller_trainable = student + adapter (the frozen teacher '
              'and CMPG are outside parameters()); outputs are logits'))


# ------------------------------------------------------------------- emd --
def _ellipsoid_pair(bsz: int, num: int, gen: torch.Generator):
    """Two noisy samplings of the same random ellipsoids ``(B, P, 3)``."""
    axes = 0.3 + 0.7 * torch.rand(bsz, 1, 3, generator=gen)

    def sample():
        d = torch.randn(bsz, num, 3, generator=gen)
        d = d / d.norm(dim=-1, keepdim=True)
        return 0.5 * axes * d + 0.01 * torch.randn(bsz, num, 3, generator=gen)

    return sample(), sample()


def _scipy_emd(x: torch.Tensor, y: torch.Tensor) -> float:
    """Reference EMD: per pair, ``linear_sum_assignment`` on squared
    distances (float64), then the mean matched Euclidean distance."""
    values = []
    for xs, ys in zip(x.double().numpy(), y.double().numpy()):
        cost = ((xs[:, None] - ys[None])**2).sum(-1)
        rows, cols = linear_sum_assignment(cost)
        values.append(np.sqrt(cost[rows, cols]).mean())
    return float(np.mean(values))


def _emd_row(name: str, kwargs: Dict, bsz: int, num: int, time_: Dict,
             value: float, ref: float) -> Dict:
    return dict(
        solver=name,
        kwargs=kwargs,
        B=bsz,
        P=num,
        time=time_,
        emd=value,
        rel_err=value / ref - 1)


def _external_emd_rows(x, y, bsz, num, ref, timer) -> List[Dict]:
    """POT exact EMD and geomloss Sinkhorn rows, when importable."""
    rows = []
    ot = _optional_module('ot')
    if ot is not None:
        w = np.full(num, 1.0 / num)

        def pot():
            return float(
                np.mean([
                    ot.emd2(w, w, ot.dist(a, b, metric='euclidean'))
                    for a, b in zip(x.double().numpy(),
                                    y.double().numpy())
                ]))

        rows.append(
            _emd_row('pot_emd2', dict(metric='euclidean'), bsz, num,
                     timer(pot), pot(), ref))
    geomloss = _optional_module('geomloss')
    if geomloss is not None:
        loss = geomloss.SamplesLoss('sinkhorn', p=1, blur=1e-3)

        def sinkhorn():
            pred = x.clone().requires_grad_()
            value = loss(pred, y).mean()
            value.backward()
            return value.item()

        rows.append(
            _emd_row('geomloss_sinkhorn', dict(p=1, blur=1e-3), bsz, num,
                     timer(sinkhorn), sinkhorn(), ref))
    return rows


def bench_emd(sizes: Dict, timer: _Timer, tmp: str) -> Dict:
    """``EMDLoss`` forward + backward per solver vs a scipy reference."""
    gen = torch.Generator().manual_seed(0)
    rows = []
    for bsz, num in sizes['sizes']:
        _progress(f'emd B={bsz} P={num}')
        x, y = _ellipsoid_pair(bsz, num, gen)
        start = time.perf_counter()
        ref = _scipy_emd(x, y)
        ref_time = time.perf_counter() - start
        rows.append(
            _emd_row(
                'scipy_reference', {}, bsz, num,
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

            def step(loss=loss, values=values):
                pred = x.clone().requires_grad_()
                value = loss(pred, y)
                value.backward()
                values.append(value.item())

            rows.append(
                _emd_row(solver, dict(kwargs), bsz, num, timer(step),
                         values[-1], ref))
        rows.extend(_external_emd_rows(x, y, bsz, num, ref, timer))
    unavailable = [
        f'{name}: not importable' for name in ('ot', 'geomloss')
        if _optional_module(name) is None
    ]
    return dict(
        rows=rows,
        unavailable=unavailable,
        note=('EMDLoss(normalize=None, reduction=mean) forward + backward; '
              'rel_err = value / scipy reference - 1; data: two noisy '
              'samplings of the same ellipsoids; the scipy reference is '
              'timed once (sequential, forward only)'))


# ---------------------------------------------------------------- render --
def bench_render(sizes: Dict, timer: _Timer, tmp: str) -> Dict:
    """Views per second, per-sample transform vs batched renderer."""
    gen = torch.Generator().manual_seed(0)
    num = sizes['num_points']
    batch = torch.rand(sizes['batch_size'], num, 3, generator=gen) * 1.4 - 0.7
    samples = [
        p.numpy()
        for p in torch.rand(sizes['per_sample'], num, 3, generator=gen) * 1.4 -
        0.7
    ]
    rows = []
    for preset in sizes['presets']:
        num_views = view_angles(preset)[0].numel()
        for size in sizes['image_sizes']:
            transform = TRANSFORMS.build(
                dict(type='RenderMultiView', views=preset, image_size=size))
            per_sample = timer(
                lambda t=transform: [t(dict(points=p)) for p in samples])
            batched = timer(lambda p=preset, s=size: render_point_views(
                batch, views=p, image_size=s))
            per_views = num_views * len(samples)
            batch_views = num_views * batch.shape[0]
            rows.append(
                dict(
                    preset=preset,
                    views=num_views,
                    image_size=size,
                    per_sample=dict(
                        time=per_sample,
                        samples=len(samples),
                        views_per_s=per_views / per_sample['median_s']),
                    batched=dict(
                        time=batched,
                        batch_size=batch.shape[0],
                        views_per_s=batch_views / batched['median_s'])))
    return dict(
        num_points=num,
        rows=rows,
        note=('per_sample: RenderMultiView on each sample in turn; batched: '
              'one render_point_views call; radius 1, depth mode'))


# ----------------------------------------------------------- mesh_render --
def torus_mesh(num_major: int, num_minor: int) -> tuple:
    """A torus (radii 0.7 and 0.3) of ``2 * num_major * num_minor``
    triangles: ``(N, 3)`` float32 vertices and ``(F, 3)`` long faces."""
    i, j = torch.meshgrid(
        torch.arange(num_major), torch.arange(num_minor), indexing='ij')
    a = 2 * math.pi * i / num_major
    b = 2 * math.pi * j / num_minor
    ring = 0.7 + 0.3 * b.cos()
    vertices = torch.stack([ring * a.cos(), ring * a.sin(), 0.3 * b.sin()],
                           -1).reshape(-1, 3)

    def index(di, dj):
        return ((i + di) % num_major * num_minor + (j + dj) % num_minor
                ).flatten()

    quads = torch.stack([index(0, 0), index(1, 0), index(1, 1), index(0, 1)],
                        1)
    faces = torch.cat([quads[:, [0, 1, 2]], quads[:, [0, 2, 3]]])
    return vertices.float(), faces


def _numba_zbuffer(numba):
    """A plain numba z-buffer rasteriser (the engine we compared against):
    same coverage rule as ``render_mesh_views``, depth only, one thread."""

    @numba.njit(cache=False)
    def raster(uvd, size, zbuf):  # uvd (V, T, 3, 3) float64; zbuf (V, S, S)
        half = 0.5 * size
        for v in range(uvd.shape[0]):
            for t in range(uvd.shape[1]):
                x0 = (uvd[v, t, 0, 0] + 1) * half - 0.5
                x1 = (uvd[v, t, 1, 0] + 1) * half - 0.5
                x2 = (uvd[v, t, 2, 0] + 1) * half - 0.5
                y0 = (1 - uvd[v, t, 0, 1]) * half - 0.5
                y1 = (1 - uvd[v, t, 1, 1]) * half - 0.5
                y2 = (1 - uvd[v, t, 2, 1]) * half - 0.5
                e1x, e1y, e2x, e2y = x1 - x0, y1 - y0, x2 - x0, y2 - y0
                area = e1x * e2y - e2x * e1y
                if abs(area) < 1e-12:
                    continue
                inv = 1.0 / area
                c0 = max(0, int(math.ceil(min(x0, x1, x2) - 1e-4)))
                c1 = min(size - 1, int(math.floor(max(x0, x1, x2) + 1e-4)))
                r0 = max(0, int(math.ceil(min(y0, y1, y2) - 1e-4)))
                r1 = min(size - 1, int(math.floor(max(y0, y1, y2) + 1e-4)))
                z0 = uvd[v, t, 0, 2]
                dz1, dz2 = uvd[v, t, 1, 2] - z0, uvd[v, t, 2, 2] - z0
                for r in range(r0, r1 + 1):
                    for c in range(c0, c1 + 1):
                        dx, dy = c - x0, r - y0
                        w1 = (dx * e2y - dy * e2x) * inv
                        w2 = (dy * e1x - dx * e1y) * inv
                        if w1 >= -1e-5 and w2 >= -1e-5 and w1 + w2 <= 1 + 1e-5:
                            far = -(z0 + w1 * dz1 + w2 * dz2)
                            if far < zbuf[v, r, c]:
                                zbuf[v, r, c] = far

    return raster


def _numba_row(numba, batch, faces, views, size, timer, ours) -> Dict:
    """Time the numba z-buffer on the batch; compare its coverage."""
    raster = _numba_zbuffer(numba)
    frames = camera_frames(views).float()
    uvds = [
        torch.einsum('tkc,vjc->vtkj', v[faces], frames).double().numpy()
        for v in batch
    ]
    zbuf = np.empty((len(batch), frames.shape[0], size, size))

    def run_all():
        zbuf.fill(np.inf)
        for i, uvd in enumerate(uvds):
            raster(uvd, size, zbuf[i])

    run_all()  # compile outside the timing
    time_ = timer(run_all)
    return dict(
        time=time_,
        views_per_s=zbuf.shape[0] * zbuf.shape[1] / time_['median_s'],
        same_coverage=bool(
            (torch.from_numpy(np.isfinite(zbuf)) == (ours[..., 0] > 0)).all()))


def bench_mesh_render(sizes: Dict, timer: _Timer, tmp: str) -> Dict:
    """Views per second, per-sample ``RenderMeshViews`` vs batched."""
    vertices, faces = torus_mesh(*sizes['torus'])
    gen = torch.Generator().manual_seed(0)

    def rotated(count):  # the same torus in random orientations
        rots = torch.linalg.qr(torch.randn(count, 3, 3, generator=gen))[0]
        return [vertices @ r.T for r in rots]

    batch = rotated(sizes['batch_size'])
    numba = _optional_module('numba')
    samples = [
        dict(mesh_vertices=v.numpy(), mesh_faces=faces.numpy())
        for v in rotated(sizes['per_sample'])
    ]
    num_views = view_angles(sizes['views'])[0].numel()
    rows = []
    for size in sizes['image_sizes']:
        transform = TRANSFORMS.build(
            dict(
                type='RenderMeshViews',
                views=sizes['views'],
                image_size=size,
                normalize=False))
        per_sample = timer(
            lambda t=transform: [t(dict(s)) for s in samples])
        batched = timer(lambda s=size: render_mesh_views(
            batch, [faces] * len(batch), views=sizes['views'], image_size=s))
        extra = {}
        if numba is not None:
            ours = render_mesh_views(
                batch, [faces] * len(batch),
                views=sizes['views'],
                image_size=size)
            extra['numba_zbuffer'] = _numba_row(numba, batch, faces,
                                                sizes['views'], size, timer,
                                                ours)
        rows.append(
            dict(
                image_size=size,
                **extra,
                per_sample=dict(
                    time=per_sample,
                    samples=len(samples),
                    views_per_s=num_views * len(samples) /
                    per_sample['median_s']),
                batched=dict(
                    time=batched,
                    batch_size=len(batch),
                    views_per_s=num_views * len(batch) /
                    batched['median_s'])))
    return dict(
        views=sizes['views'],
        num_views=num_views,
        num_faces=int(faces.shape[0]),
        rows=rows,
        unavailable=[] if numba is not None else ['numba'],
        note=('torus in random orientations; per_sample: RenderMeshViews on '
              'each mesh in turn; batched: one render_mesh_views call; '
              'shaded mode; numba_zbuffer: a one-thread numba kernel of the '
              'same coverage rule writing depth only (no keys, no shading), '
              'the engine compared'))


# ------------------------------------------------------------------- ops --
def _fps_reference(xyz: torch.Tensor, num: int) -> torch.Tensor:
    """Plain torch loop FPS from index 0, ``(B, num)`` long."""
    bsz, npts = xyz.shape[:2]
    arange = torch.arange(bsz)
    idx = torch.zeros(bsz, num, dtype=torch.long)
    dist = torch.full((bsz, npts), 1e10)
    far = torch.zeros(bsz, dtype=torch.long)
    for i in range(num):
        idx[:, i] = far
        d = (xyz - xyz[arange, far][:, None]).square().sum(-1)
        dist = torch.minimum(dist, d)
        far = dist.argmax(1)
    return idx


def _ball_reference(xyz, centers, radius, sample_num):
    """cdist + sort: first ``sample_num`` in-ball indices, padded."""
    npts = xyz.shape[1]
    d2 = torch.cdist(
        centers, xyz, compute_mode='donot_use_mm_for_euclid_dist').square()
    keys = torch.where(d2 < radius * radius, torch.arange(npts), npts)
    found = keys.sort(dim=2).values[..., :sample_num]
    return torch.where(found < npts, found, found[..., :1])


def _ball_ckdtree(xyz, centers, radius, sample_num, workers):
    """scipy cKDTree per cloud, first ``sample_num`` sorted indices."""
    out = np.zeros((*centers.shape[:2], sample_num), dtype=np.int64)
    for b, (pts, ctr) in enumerate(zip(xyz.numpy(), centers.numpy())):
        found = cKDTree(pts).query_ball_point(
            ctr, radius, workers=workers, return_sorted=True)
        for m, hits in enumerate(found):
            hits = (hits + hits[:1] * sample_num)[:sample_num]
            out[b, m] = hits if hits else 0
    return out


def _knn_ckdtree(xyz, centers, k, workers):
    """scipy cKDTree per cloud, ``(B, M, k)`` indices."""
    return np.stack([
        cKDTree(pts).query(ctr, k, workers=workers)[1]
        for pts, ctr in zip(xyz.numpy(), centers.numpy())
    ])


def _group_reference(features, idx):
    """Advanced indexing: ``(B, C, M, S)``."""
    arange = torch.arange(features.shape[0])[:, None, None]
    return features.transpose(1, 2)[arange, idx.long()].permute(0, 3, 1, 2)


def _op_impls(xyz, centers, features, group_idx, cfg, workers):
    """``{op: {impl: (fn, result_to_compare)}}`` for one size."""
    num_centers = centers.shape[1]
    radius, sample_num, k = cfg['radius'], cfg['sample_num'], cfg['k']
    impls = dict(
        fps=dict(
            ours=lambda: furthest_point_sample(xyz, num_centers),
            torch_loop=lambda: _fps_reference(xyz, num_centers)),
        ball_query=dict(
            ours=lambda: ball_query(0.0, radius, sample_num, xyz, centers),
            torch_cdist_sort=lambda: _ball_reference(xyz, centers, radius,
                                                     sample_num),
            scipy_ckdtree=lambda: _ball_ckdtree(xyz, centers, radius,
                                                sample_num, workers)),
        knn=dict(
            ours=lambda: knn(k, xyz, centers).transpose(1, 2),
            torch_cdist_topk=lambda: torch.cdist(centers, xyz).topk(
                k, dim=2, largest=False).indices,
            scipy_ckdtree=lambda: _knn_ckdtree(xyz, centers, k, workers)),
        grouping=dict(
            ours=lambda: grouping_operation(features, group_idx),
            torch_index=lambda: _group_reference(features, group_idx)))
    fpsample = _optional_module('fpsample')
    if fpsample is not None:
        # Exact mode from index 0 like ours (its default start is random).
        impls['fps']['fpsample'] = lambda: [
            fpsample.fps_sampling(p, num_centers, start_idx=0)
            for p in xyz.numpy()
        ]
    o3d = _optional_module('open3d')
    if o3d is not None:
        impls['knn']['open3d'] = lambda: _knn_open3d(o3d, xyz, centers, k)
    return impls


def _knn_open3d(o3d, xyz, centers, k):
    """Open3D's ``NearestNeighborSearch`` per cloud, ``(B, M, k)``."""
    out = []
    for pts, ctr in zip(xyz.numpy(), centers.numpy()):
        search = o3d.core.nns.NearestNeighborSearch(o3d.core.Tensor(pts))
        search.knn_index()
        out.append(search.knn_search(o3d.core.Tensor(ctr), k)[0].numpy())
    return np.stack(out)


def _agrees(op: str, ours, ref) -> bool:
    """Whether our result matches the first reference."""
    ours = torch.as_tensor(np.asarray(ours)).long()
    ref = torch.as_tensor(np.asarray(ref)).long()
    if op in ('ball_query', 'knn'):
        ours, ref = ours.sort(-1).values, ref.sort(-1).values
    return ours.shape == ref.shape and bool((ours == ref).all())


def bench_ops(sizes: Dict, timer: _Timer, tmp: str) -> Dict:
    """Time and peak memory of the CPU point ops vs references."""
    gen = torch.Generator().manual_seed(0)
    workers = torch.get_num_threads()
    rows = []
    for bsz in sizes['batch_sizes']:
        for npts in sizes['num_points']:
            xyz = torch.rand(bsz, npts, 3, generator=gen) * 2 - 1
            num_centers = npts // sizes['center_ratio']
            centers = xyz[:, :num_centers].contiguous()
            features = torch.randn(bsz, sizes['channels'], npts, generator=gen)
            group_idx = torch.randint(
                npts, (bsz, num_centers, sizes['sample_num']),
                generator=gen,
                dtype=torch.int32)
            _progress(f'ops B={bsz} N={npts}')
            impls = _op_impls(xyz, centers, features, group_idx, sizes,
                              workers)
            for op, fns in impls.items():
                names = list(fns)
                results = {name: fns[name]() for name in names[:2]}
                times = {name: timer(fn) for name, fn in fns.items()}
                memory = {
                    name: measure_peak_memory(fn)
                    for name, fn in fns.items()
                }
                rows.append(
                    dict(
                        op=op,
                        B=bsz,
                        N=npts,
                        M=num_centers,
                        time=times,
                        peak_memory=memory,
                        ratio_ours_to=({
                            name:
                            _ratio(times['ours']['median_s'],
                                   times[name]['median_s'])
                            for name in names[1:]
                        }),
                        agrees_with_reference=_agrees(op, *results.values())))
    unavailable = [
        f'{name}: not importable' for name in ('fpsample', 'open3d')
        if _optional_module(name) is None
    ]
    return dict(
        settings=dict(sizes, workers=workers),
        rows=rows,
        unavailable=unavailable,
        note=('centers = the first N / center_ratio points; ball query '
              'radius and kNN k as in settings; the reference compared by '
              'agrees_with_reference is the plain-torch one (neighbour '
              'sets compared sorted)'))


RUNNERS = dict(
    train=bench_train,
    inference=bench_inference,
    emd=bench_emd,
    render=bench_render,
    mesh_render=bench_mesh_render,
    ops=bench_ops)


def run(args: argparse.Namespace) -> Dict:
    """Run the selected sub-benchmarks and return the JSON-ready report."""
    threads = torch.get_num_threads()
    torch.set_num_threads(args.threads or threads)
    init_default_scope('mmdet3d')
    sizes = QUICK if args.quick else FULL
    timer = _Timer(args.repeats, args.warmup)
    results = {}
    try:
        environment = environment_info(torch.get_num_threads())
        with tempfile.TemporaryDirectory() as tmp:
            for name in BENCHMARKS:
                if name in args.only:
                    _progress(f'{name} ...')
                    start = time.perf_counter()
                    results[name] = RUNNERS[name](sizes[name], timer, tmp)
                    wall = results[name]['wall_s'] = (
                        time.perf_counter() - start)
                    _progress(f'{name} done in {wall:.1f} s')
    finally:
        torch.set_num_threads(threads)
    return dict(
        environment=environment,
        settings=dict(
            quick=args.quick,
            repeats=args.repeats,
            warmup=args.warmup,
            only=[n for n in BENCHMARKS if n in args.only]),
        results=results)


def main(argv=None) -> Dict:
    args = parse_args(argv)
    report = run(args)
    text = json.dumps(report, indent=2)
    print(text)
    os.makedirs(osp.dirname(osp.abspath(args.out)), exist_ok=True)
    with open(args.out, 'w') as f:
        f.write(text + '\n')
    return report


if __name__ == '__main__':
    main()
