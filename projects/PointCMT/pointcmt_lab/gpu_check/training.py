"""Training steps from the project's configs on synthetic inputs.

* :func:`check_classifier_steps`: one ``train_step`` of each classifier
  config (:data:`CLASSIFIER_CONFIGS`), plain and, on CUDA, with AMP
  (mmengine's ``AmpOptimWrapper``, i.e. ``torch.autocast`` float16 and a
  gradient scaler).
* :func:`check_stages`: a few iterations of each full-scale stage
  (:data:`STAGE_CONFIGS`) on CUDA with seconds per iteration and peak GPU
  memory; the frozen teacher and CMPG get random weights through temporary
  checkpoints.

Config keys these read (in :func:`_stage_model` unless noted): ``model``,
``optim_wrapper``, ``num_points`` (default 1024) and, for the stages,
``train_dataloader.batch_size`` (in the check functions); ``render`` (its
``type`` dropped; views and size overridden for Stage I), set as
``model.data_preprocessor.render_cfg`` (views are rendered from the
synthetic points on the device); ``model.teacher`` / ``model.teacher_ckpt``
and ``model.generator`` / ``model.generator_ckpt`` (:func:`_frozen_ckpts`:
temporary checkpoints of random weights); ``model.teacher_feats`` (set:
a temporary cache of random features of ``model.generator.in_channels``,
keyed by the batch's ``sample_idx``); the distiller's ``loss_fe`` /
``loss_ce`` (as configured: the paper's terms) and ``loss_kd`` (set to
``None``).
"""
import copy
import math
import os.path as osp
import tempfile
import time
from functools import partial
from typing import Dict, List, Optional, Tuple

import torch
from mmengine.config import Config
from mmengine.optim import build_optim_wrapper

from mmdet3d.registry import MODELS
from pointcmt.models import save_teacher_feature_cache
from pointcmt.structures import PointClsDataSample
from .report import row_or_error

CLASSIFIER_CONFIGS = dict(
    pointnet2_ssg='configs/cls_pointnet2-ssg_modelnet40.py',
    pointnet2_msg='configs/cls_pointnet2-msg_modelnet40.py',
    dgcnn='configs/cls_dgcnn_modelnet40.py')
#: The teacher that renders points (views drawn on the device from the
#: synthetic points; the paper's mesh teacher draws them in the loader).
STAGE_CONFIGS = dict(
    stage1_teacher='configs/teacher_mvcnn-resnet18_simpleview_modelnet40.py',
    stage2_cmpg='configs/cmpg_simpleview_modelnet40.py',
    stage3_distiller='configs/pointcmt_pointnet2-msg_modelnet40.py')
#: Stage I at the teacher's full scale of the brief: 20 views of 224 px.
TEACHER_VIEWS = dict(views='dodecahedron20', image_size=224)


def _batch(bsz: int, num_points: int, num_classes: int = 40) -> Dict:
    """A collated batch of random points in ``[-1, 1]`` with labels and
    ``sample_idx`` ``0 .. bsz - 1``."""
    gen = torch.Generator().manual_seed(0)
    points = [torch.rand(num_points, 3, generator=gen) * 2 - 1
              for _ in range(bsz)]
    samples = [
        PointClsDataSample(metainfo=dict(sample_idx=i)).set_gt_label(
            i % num_classes) for i in range(bsz)
    ]
    return dict(inputs=dict(points=points), data_samples=samples)


def _run_steps(model_cfg: Dict, optim_cfg: Dict, batch: Dict, device: str,
               iters: int, amp: bool = False) -> Dict:
    """Build, then ``1 + iters`` ``train_step`` calls (the first untimed):
    seconds per iteration, peak GPU memory and whether the losses stayed
    finite (``passed``)."""
    torch.manual_seed(0)
    model = MODELS.build(copy.deepcopy(model_cfg)).to(device).train()
    if amp:
        optim_cfg = dict(optim_cfg, type='AmpOptimWrapper', dtype='float16')
    wrapper = build_optim_wrapper(model, optim_cfg)
    cuda = device == 'cuda'
    finite = True
    for i in range(1 + iters):
        if i == 1:
            if cuda:
                torch.cuda.synchronize()
                torch.cuda.reset_peak_memory_stats()
            start = time.perf_counter()
        log_vars = model.train_step(batch, wrapper)
        finite &= all(
            math.isfinite(float(torch.as_tensor(v).detach()))
            for k, v in log_vars.items()
            if k.startswith('loss'))
    if cuda:
        torch.cuda.synchronize()
    row = dict(s_per_iter=(time.perf_counter() - start) / iters,
               passed=finite)
    if cuda:
        row['peak_mem_gib'] = torch.cuda.max_memory_allocated() / 2**30
    return row


def check_classifier_steps(device: str, bsz: int, iters: int,
                           repo: str = '.') -> Tuple[bool, List[Dict], str]:
    """Each classifier of :data:`CLASSIFIER_CONFIGS` on ``device``; with
    and without AMP on CUDA."""
    rows = []
    for name, path in CLASSIFIER_CONFIGS.items():
        cfg = Config.fromfile(osp.join(repo, path))
        batch = _batch(bsz, cfg.get('num_points', 1024))
        for amp in ((False, True) if device == 'cuda' else (False, )):
            rows.append(row_or_error(
                partial(_run_steps, cfg.model.to_dict(),
                        cfg.optim_wrapper.to_dict(), batch, device, iters,
                        amp),
                model=name, device=device, amp=amp, batch=bsz))
    return (all(r['passed'] for r in rows), rows,
            f'configs {CLASSIFIER_CONFIGS}; random points, {iters} timed '
            'train_step(s) after one untimed')


def _frozen_ckpts(model: Dict, tmp: str) -> Dict:
    """Point ``teacher_ckpt`` / ``generator_ckpt`` at checkpoints of freshly
    built (random) teacher / generator configs."""
    model = dict(model)
    for part in ('teacher', 'generator'):
        if model.get(part) and f'{part}_ckpt' in model:
            sub = {k: v for k, v in model[part].items()
                   if k != 'data_preprocessor'}
            path = osp.join(tmp, f'{part}.pth')
            torch.save(dict(state_dict=MODELS.build(sub).state_dict()), path)
            model[f'{part}_ckpt'] = path
    return model


def _stage_model(name: str, cfg: Config, tmp: str, bsz: int) -> Dict:
    """The stage's model config for a batch of ``bsz`` synthetic points: a
    distiller reads random teacher features of a temporary cache (its
    configured terms, without ``loss_kd``), the other stages render views
    on the device."""
    model = _frozen_ckpts(cfg.model.to_dict(), tmp)
    if model.get('teacher_feats'):
        feats = osp.join(tmp, 'feats.pth')
        save_teacher_feature_cache(
            feats, torch.randn(bsz, model['generator']['in_channels']),
            torch.arange(bsz), torch.full((bsz, ), -1), None, {})
        return dict(model, teacher_feats=feats, teacher_ckpt=None,
                    loss_kd=None)
    render = {k: v for k, v in cfg.render.items() if k != 'type'}
    if name == 'stage1_teacher':
        render.update(TEACHER_VIEWS)
    preprocessor = dict(model.get('data_preprocessor') or
                        dict(type='PointClsDataPreprocessor'))
    model['data_preprocessor'] = dict(preprocessor, render_cfg=render)
    return model


def check_stages(iters: int, repo: str = '.', bsz: Optional[int] = None,
                 device: str = 'cuda') -> Tuple[bool, List[Dict], str]:
    """Each stage of :data:`STAGE_CONFIGS` on ``device`` (CUDA; the tests
    pass ``'cpu'`` and a small ``bsz`` to run the code) at the config's
    batch size (or ``bsz``)."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in STAGE_CONFIGS.items():
            cfg = Config.fromfile(osp.join(repo, path))
            size = bsz or cfg.train_dataloader.batch_size

            def steps(name=name, cfg=cfg, size=size):
                model = _stage_model(name, cfg, tmp, size)
                batch = _batch(size, cfg.get('num_points', 1024))
                return _run_steps(model, cfg.optim_wrapper.to_dict(), batch,
                                  device, iters)

            rows.append(row_or_error(steps, stage=name, batch=size))
            if device == 'cuda':
                torch.cuda.empty_cache()
    return (all(r['passed'] for r in rows), rows,
            f'configs {STAGE_CONFIGS}; Stage I views {TEACHER_VIEWS}; random '
            'points and weights; views rendered on the GPU by the data '
            f'preprocessor; {iters} timed iterations after one untimed')


__all__ = [
    'check_classifier_steps', 'check_stages', 'CLASSIFIER_CONFIGS',
    'STAGE_CONFIGS', 'TEACHER_VIEWS'
]
