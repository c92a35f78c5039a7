"""What the cross-modal terms cost in training, and that the exported
student costs nothing extra at inference.

* :func:`bench_train` (``train``): one training step (``model.train_step``:
  preprocessing, forward, backward, optimizer) of the Stage III config's
  student on one fixed batch, as the vanilla baseline (every term off), as
  PointCMT (the config's ``loss_fe`` and ``loss_ce``) with cached teacher
  features and as PointCMT with the online teacher (random weights, views
  rendered by the data preprocessor). The breakdown times each part of the
  cross-modal terms on the same batch, forward only: student feature,
  rendering,
  teacher, CMPG (both calls), the EMD assignment, the whole ``loss_fe`` and
  the KL term.
* :func:`bench_inference` (``inference``): the exported student vs the
  vanilla ``PointClassifier`` holding the same weights (and the distiller
  itself in ``tensor`` mode): parameters, max output difference, latency.
"""
import copy
import math
import os.path as osp
from typing import Dict

import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.optim import build_optim_wrapper

from mmdet3d.registry import DATASETS, MODELS
from pointcmt.apis import export_student
from pointcmt.engine import load_checkpoint_file
from pointcmt.models import save_teacher_feature_cache
from pointcmt.models.losses.point_set_utils import prepare_pair
from pointcmt.ops import emd_match, render_point_views
from .measure import Timer, ratio


def _stage3_setup(tmp: str, batch_size: int, stage3_config: str,
                  teacher_config: str) -> Dict:
    """Configs, frozen checkpoints (random weights) and one fixed batch."""
    cfg = Config.fromfile(stage3_config)
    teacher_cfg = Config.fromfile(teacher_config)
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
    per_class = math.ceil(batch_size / 13)
    dataset = DATASETS.build(
        dict(cfg.train_dataloader.dataset, num_samples_per_class=per_class))
    samples = [dataset[i] for i in range(batch_size)]
    feats = osp.join(tmp, 'feats.pth')
    save_teacher_feature_cache(
        feats, torch.randn(batch_size, cfg.model.generator.in_channels),
        torch.tensor([s['data_samples'].sample_idx for s in samples]),
        torch.full((batch_size, ), -1), None, meta={})
    batch = pseudo_collate(samples)
    # The config's FE and CE terms (without loss_kd)
    model = dict(
        cfg.model.to_dict(),
        generator_ckpt=cmpg_ckpt,
        teacher_feats=feats,
        teacher_ckpt=None,
        loss_kd=None)
    variants = dict(
        vanilla=(dict(model, loss_fe=None, loss_ce=None), batch),
        pointcmt_cached=(model, batch),
        pointcmt_online=(dict(
            model,
            teacher_feats=None,
            teacher=teacher,
            teacher_ckpt=teacher_ckpt,
            data_preprocessor=dict(preprocessor, render_cfg=render_cfg)),
                         batch))
    return dict(
        cfg=cfg,
        variants=variants,
        cmpg_ckpt=cmpg_ckpt,
        render_cfg=render_cfg,
        num_points=samples[0]['inputs']['points'].shape[0])


def _step_time(cfg: Config, model_cfg: dict, batch: dict,
               timer: Timer) -> Dict[str, float]:
    """Time ``train_step`` of a freshly built model on ``batch``."""
    torch.manual_seed(0)
    model = MODELS.build(model_cfg)
    model.train()
    optim_wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    return timer(lambda: model.train_step(batch, optim_wrapper))


def _breakdown(model, batch: dict, timer: Timer) -> Dict[str, Dict]:
    """Forward times of the parts of the cross-modal terms on one batch."""
    model.train()
    data = model.data_preprocessor(batch, True)
    inputs = data['inputs']
    parts = {}
    with torch.no_grad():
        parts['student_forward'] = timer(
            lambda: model.student.extract_feat(inputs))
        feat = model.student.extract_feat(inputs)
        if model.feat_cache is None:
            points = inputs['points'][..., :3]
            parts['render'] = timer(lambda: render_point_views(
                points, **model.data_preprocessor.render_cfg))
            parts['teacher_forward'] = timer(
                lambda: model.teacher.extract_feat(inputs))
            teacher_feat = model.teacher.extract_feat(inputs)
        else:
            teacher_feat = model.teacher_feat(inputs, data['data_samples'],
                                              None)
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


def bench_train(sizes: Dict,
                timer: Timer,
                tmp: str,
                stage3_config: str,
                teacher_config: str,
                config_root: str = '.') -> Dict:
    """Training-step time of vanilla vs PointCMT (cached / online).

    Args:
        sizes (dict): ``batch_size``.
        timer (Timer): The run's timer.
        tmp (str): A scratch folder (random frozen checkpoints).
        stage3_config (str): The Stage III config, relative to
            ``config_root``.
        teacher_config (str): Its teacher's Stage I config.
        config_root (str): Folder the config paths are relative to.

    Returns:
        dict: Step times, their ratios to vanilla and the breakdown.
    """
    setup = _stage3_setup(tmp, sizes['batch_size'],
                          osp.join(config_root, stage3_config),
                          osp.join(config_root, teacher_config))
    cfg = setup['cfg']
    steps = {
        name: _step_time(cfg, model_cfg, batch, timer)
        for name, (model_cfg, batch) in setup['variants'].items()
    }
    vanilla = steps['vanilla']['median_s']
    ratios = {
        name: ratio(step['median_s'], vanilla)
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
        config=stage3_config,
        teacher_config=teacher_config,
        batch_size=sizes['batch_size'],
        num_points=setup['num_points'],
        render_cfg=setup['render_cfg'],
        step=steps,
        ratio_to_vanilla=ratios,
        breakdown=breakdown,
        note=('step = model.train_step (preprocess + forward + backward + '
              'optimizer); breakdown parts are forward-only, timed alone '
              'on the same batch; emd_assignment is inside loss_fe'))


def _num_params(model: torch.nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def bench_inference(sizes: Dict,
                    timer: Timer,
                    tmp: str,
                    stage3_config: str,
                    teacher_config: str,
                    config_root: str = '.') -> Dict:
    """Exported student vs the vanilla classifier with the same weights.

    The student is exported by :func:`pointcmt.apis.export_student` from a
    distiller checkpoint; arguments as :func:`bench_train`, with
    ``sizes['batch_sizes']``.

    Returns:
        dict: Parameters, latencies and the largest output differences.
    """
    stage3_config = osp.join(config_root, stage3_config)
    setup = _stage3_setup(tmp, max(sizes['batch_sizes']), stage3_config,
                          osp.join(config_root, teacher_config))
    model_cfg, batch = setup['variants']['pointcmt_cached']
    torch.manual_seed(0)
    distiller = MODELS.build(model_cfg)
    ckpt = osp.join(tmp, 'distiller.pth')
    torch.save(dict(state_dict=distiller.state_dict(), meta={}), ckpt)
    exported_path = osp.join(tmp, 'student.pth')
    export_student(stage3_config, ckpt, exported_path)
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
                latency_ratio_exported_to_vanilla=ratio(
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


__all__ = ['bench_inference', 'bench_train']
