"""Figures of a config, a checkpoint or a run, drawn as PNG files.

Each ``draw_*`` function loads its data and writes the figure of
:mod:`pointcmt_lab.visualization.plots`; ``tools/visualize.py`` is its command
line. Data sources:

* :func:`draw_views`: ``<split>_dataloader.dataset`` of the config with the
  un-augmented ``test_dataloader`` pipeline cut before
  ``PackPointClsInputs``. If that pipeline
  yields no ``imgs`` (no ``RenderMultiView``, ``RenderMeshViews`` or
  ``LoadMultiViewImages``, e.g. a plain classifier config),
  ``RenderMultiView`` is appended with the data
  preprocessor's ``render_cfg`` (what a teacher rendering batch-wise sees)
  or ``render_views``/``image_size``, so any config can be shown.
* :func:`draw_cmpg`: the config's ``CMPGPretrainModel`` with the checkpoint
  loaded strictly, run in ``predict`` mode on ``<split>_dataloader.dataset``
  with the full ``test_dataloader`` pipeline. Both point sets are shown in
  the frame the EMD is measured in (unit box, if the loss normalises)
  unless ``raw``.
* :func:`draw_confusion`: a JSON written by ``PointClsAccuracy``, or a work
  dir, where ``test_confusion_matrix.json`` is preferred over
  ``confusion_matrix.json``.
* :func:`draw_curves`: ``<run>/vis_data/scalars.json`` (mmengine's
  ``LocalVisBackend``; one JSON object per line). A run is a timestamp
  folder or a work dir, of which the latest timestamp folder holding a
  ``vis_data/scalars.json`` is used. Train lines (with ``epoch``/``iter``)
  give the loss per ``step``; validation lines (without ``epoch``, with the
  metric) give the metric per epoch (their ``step``).
"""
import glob
import json
import os.path as osp
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
from mmengine.config import Config
from mmengine.dataset import BaseDataset, pseudo_collate
from mmengine.registry import init_default_scope

from mmdet3d.registry import DATASETS, MODELS
from pointcmt.apis.teacher_features import split_dataset_cfg
from pointcmt.engine import load_weights_strict
from pointcmt.models.losses.point_set_utils import normalize_unit_box
from pointcmt.ops import view_angles
from .plots import (plot_confusion_matrix, plot_learning_curves,
                    plot_pipeline, plot_point_set_pairs, plot_view_grid,
                    save_figure)

VIEW_SOURCES = ('RenderMultiView', 'RenderMeshViews', 'LoadMultiViewImages')
CONFUSION_FILES = ('test_confusion_matrix.json', 'confusion_matrix.json')


def load_config(path: str, options: Optional[dict]) -> Config:
    """Read a config, apply overrides and set the default scope."""
    if not osp.isfile(path):
        raise FileNotFoundError(f'config file not found: {path!r}')
    cfg = Config.fromfile(path)
    if options:
        cfg.merge_from_dict(options)
    init_default_scope(cfg.get('default_scope', 'mmdet3d'))
    return cfg


def check_indices(indices: Sequence[int], length: int, split: str) -> None:
    """Raise ``ValueError`` naming the first index outside the dataset."""
    for index in indices:
        if not 0 <= index < length:
            raise ValueError(f'index {index} is out of range for the {split} '
                             f'dataset of {length} samples')


def sample_label(dataset: BaseDataset, results: dict, index: int) -> str:
    """``'#index class'`` of a results dict."""
    classes = dataset.metainfo.get('classes')
    label = int(results['gt_label']) if 'gt_label' in results else -1
    name = classes[label] if classes and 0 <= label < len(classes) else label
    return f'#{index} {name}'


def _unpacked_pipeline(pipeline: List[dict]) -> List[dict]:
    """The transforms before ``PackPointClsInputs``."""
    out = []
    for transform in pipeline:
        if transform.get('type') == 'PackPointClsInputs':
            break
        out.append(transform)
    return out


def _view_pipeline(cfg: Config, dataset: dict, render_views: Optional[str],
                   image_size: Optional[int]) -> List[dict]:
    """The test pipeline up to packing, with a renderer if it has none."""
    pipeline = _unpacked_pipeline(dataset['pipeline'])
    if not any(t.get('type') in VIEW_SOURCES for t in pipeline):
        # what the teacher sees: its data preprocessor's render_cfg, if any
        preprocessor = cfg.get('model', {}).get('data_preprocessor', {})
        render_cfg = dict(preprocessor.get('render_cfg') or {})
        render_cfg.update({
            k: v
            for k, v in (('views', render_views), ('image_size', image_size))
            if v is not None
        })
        render_cfg.setdefault('views', 'simpleview6')
        render_cfg.setdefault('image_size', 64)
        pipeline.append(dict(type='RenderMultiView', **render_cfg))
    return pipeline


def draw_views(config: str,
               out: str,
               indices: Sequence[int] = (0, 1, 2),
               split: str = 'test',
               cfg_options: Optional[dict] = None,
               render_views: Optional[str] = None,
               image_size: Optional[int] = None,
               points_config: Optional[str] = None) -> str:
    """Grid of the rendered views of some samples, optionally next to the
    points another config (a student's) gets of the same samples.

    Args:
        config (str): Any config with ``<split>_dataloader`` and
            ``test_dataloader``.
        out (str): Output ``.png``.
        indices (Sequence[int]): Dataset indices to show.
        split (str): ``'train'``, ``'val'`` or ``'test'``.
        cfg_options (dict, optional): Overrides.
        render_views (str, optional): View preset used when the pipeline
            renders no views.
        image_size (int, optional): Image size used then.
        points_config (str, optional): A config whose ``<split>`` dataset
            holds the same samples (same labels at ``indices``); its test
            pipeline's ``points`` are drawn in a first column.

    Returns:
        str: ``out``.

    Raises:
        ValueError: ``points_config``'s sample at an index has another
            label than ``config``'s (not the same dataset).
    """
    cfg = load_config(config, cfg_options)
    dataset_cfg = split_dataset_cfg(cfg, split)
    dataset_cfg['pipeline'] = _view_pipeline(cfg, dataset_cfg, render_views,
                                             image_size)
    renderer = [
        t for t in dataset_cfg['pipeline'] if t.get('type') in VIEW_SOURCES
    ][-1]
    dataset = DATASETS.build(dataset_cfg)
    check_indices(indices, len(dataset), split)
    samples = [dataset[i] for i in indices]
    view_labels = None
    if renderer['type'] in ('RenderMultiView', 'RenderMeshViews'):
        azim, elev = view_angles(renderer.get('views', 'simpleview6'))
        view_labels = [f'az {a:.0f} el {e:.0f}' for a, e in zip(azim, elev)]
    points = None
    if points_config is not None:
        points = _student_points(points_config, split, indices, samples,
                                 cfg_options)
    fig = plot_view_grid(
        np.stack([s['imgs'] for s in samples]),
        [sample_label(dataset, s, i) for s, i in zip(samples, indices)],
        view_labels, points)
    return save_figure(fig, out)


def _student_points(config: str, split: str, indices: Sequence[int],
                    samples: List[dict],
                    cfg_options: Optional[dict]) -> List[np.ndarray]:
    """``(N, 3)`` points of ``config``'s ``split`` samples at ``indices``
    (test pipeline up to packing), checked against ``samples``' labels."""
    cfg = load_config(config, cfg_options)
    dataset_cfg = split_dataset_cfg(cfg, split)
    dataset_cfg['pipeline'] = _unpacked_pipeline(dataset_cfg['pipeline'])
    dataset = DATASETS.build(dataset_cfg)
    check_indices(indices, len(dataset), split)
    points = []
    for index, sample in zip(indices, samples):
        result = dataset[index]
        if int(result['gt_label']) != int(sample['gt_label']):
            raise ValueError(
                f'{config}: {split} sample #{index} has label '
                f'{int(result["gt_label"])}, the views\' config has '
                f'{int(sample["gt_label"])}: not the same dataset')
        xyz = result['points']
        xyz = xyz.tensor if hasattr(xyz, 'tensor') else xyz
        points.append(np.asarray(xyz)[:, :3])
    return points


def draw_cmpg(config: str,
              checkpoint: str,
              out: str,
              indices: Sequence[int] = (0, 1, 2),
              split: str = 'test',
              cfg_options: Optional[dict] = None,
              raw: bool = False) -> str:
    """Generated vs real point sets of a Stage II checkpoint.

    Args:
        config (str): A ``CMPGPretrainModel`` config.
        checkpoint (str): Its checkpoint.
        out (str): Output ``.png``.
        indices (Sequence[int]): Dataset indices to show.
        split (str): ``'train'``, ``'val'`` or ``'test'``.
        cfg_options (dict, optional): Overrides.
        raw (bool): Raw coordinates instead of the EMD frame.

    Returns:
        str: ``out``.
    """
    cfg = load_config(config, cfg_options)
    if not osp.isfile(checkpoint):
        raise FileNotFoundError(f'checkpoint file not found: {checkpoint!r}')
    if cfg.model.get('type') != 'CMPGPretrainModel':
        raise TypeError(f'{config}: model is {cfg.model.get("type")}, '
                        'expected a Stage II CMPGPretrainModel config')
    model = MODELS.build(cfg.model)
    load_weights_strict(model, checkpoint, what='checkpoint')
    model.eval()
    dataset = DATASETS.build(split_dataset_cfg(cfg, split))
    check_indices(indices, len(dataset), split)
    data = model.data_preprocessor(
        pseudo_collate([dataset[i] for i in indices]), False)
    with torch.no_grad():
        preds = model(**data, mode='predict')
    real = data['inputs']['points'][:, :model.generator.num_points, :3]
    generated = torch.stack([p.pred_points for p in preds]).float()
    if not raw and getattr(model.sample_emd, 'normalize',
                           None) == 'unit_box':
        real = normalize_unit_box(real)
        generated = normalize_unit_box(generated)
    classes = dataset.metainfo.get('classes')
    titles = []
    for pred, index in zip(preds, indices):
        label = int(pred.gt_label) if 'gt_label' in pred else -1
        name = classes[label] if classes and label >= 0 else ''
        titles.append(f'#{index} {name}  EMD {float(pred.pred_emd):.4f}')
    fig = plot_point_set_pairs(generated.numpy(), real.numpy(), titles)
    return save_figure(fig, out)


def find_confusion_json(source: str) -> str:
    """The confusion JSON of ``source`` (a file or a work dir)."""
    if osp.isfile(source):
        return source
    if osp.isdir(source):
        for name in CONFUSION_FILES:
            if osp.isfile(osp.join(source, name)):
                return osp.join(source, name)
        raise FileNotFoundError(f'{source!r} holds none of '
                                f'{list(CONFUSION_FILES)}: run a validation '
                                'or tools/test.py with --work-dir first')
    raise FileNotFoundError(f'confusion source not found: {source!r}')


def load_confusion(path: str) -> Tuple[np.ndarray, List[str]]:
    """Confusion counts ``(K, K)`` and class names of a metric JSON."""
    try:
        with open(path) as f:
            report = json.load(f)
    except json.JSONDecodeError as err:
        raise ValueError(f'{path} is not valid JSON: {err}') from err
    if not isinstance(report, dict) or not {'classes', 'confusion_matrix'
                                            } <= set(report):
        raise ValueError(f'{path} must be a JSON object with "classes" and '
                         '"confusion_matrix" (as PointClsAccuracy writes)')
    classes = [str(c) for c in report['classes']]
    confusion = np.asarray(report['confusion_matrix'], dtype=np.float64)
    if confusion.shape != (len(classes), len(classes)) or (confusion <
                                                           0).any():
        raise ValueError(f'{path}: "confusion_matrix" must be a '
                         f'{len(classes)} x {len(classes)} matrix of counts '
                         f'(one row per class), got shape {confusion.shape}')
    return confusion, classes


def draw_confusion(source: str, out: str) -> str:
    """Confusion matrix and per-class accuracy of a metric JSON (or of the
    one in a work dir, see :func:`find_confusion_json`); returns ``out``."""
    path = find_confusion_json(source)
    confusion, classes = load_confusion(path)
    return save_figure(
        plot_confusion_matrix(confusion, classes, title=path), out)


def find_scalars(run: str) -> str:
    """``vis_data/scalars.json`` of a run folder or the latest in a work
    dir."""
    direct = osp.join(run, 'vis_data', 'scalars.json')
    if osp.isfile(direct):
        return direct
    if not osp.isdir(run):
        raise FileNotFoundError(f'run directory not found: {run!r}')
    found = sorted(glob.glob(osp.join(run, '*', 'vis_data', 'scalars.json')))
    if not found:
        raise FileNotFoundError(
            f'no vis_data/scalars.json in {run!r} or its timestamp folders '
            '(the mmengine LocalVisBackend log)')
    return found[-1]


def load_scalars(path: str, metric: str,
                 loss_key: str) -> Dict[str, np.ndarray]:
    """Train loss per step and validation ``metric`` per epoch of a log."""
    run = dict(train_step=[], train_loss=[], val_epoch=[], val_metric=[])
    with open(path) as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f'{path}:{number} is not a JSON object: '
                                 f'{err}') from err
            if 'epoch' in entry and loss_key in entry:
                run['train_step'].append(entry['step'])
                run['train_loss'].append(entry[loss_key])
            elif 'epoch' not in entry and metric in entry:
                run['val_epoch'].append(entry['step'])
                run['val_metric'].append(entry[metric])
    if not run['train_step'] and not run['val_epoch']:
        raise ValueError(f'{path} has neither train "{loss_key}" nor '
                         f'validation "{metric}" entries')
    return {k: np.asarray(v, dtype=np.float64) for k, v in run.items()}


def draw_curves(runs: Sequence[str],
                out: str,
                labels: Optional[Sequence[str]] = None,
                metric: str = 'overall_acc',
                loss_key: str = 'loss') -> str:
    """Learning curves of one or more runs (work dirs or run folders), one
    label each (default: the folder names); returns ``out``."""
    labels = labels or [osp.basename(osp.normpath(r)) for r in runs]
    if len(labels) != len(runs):
        raise ValueError(f'{len(labels)} --labels for {len(runs)} runs')
    logs = [load_scalars(find_scalars(r), metric, loss_key) for r in runs]
    return save_figure(
        plot_learning_curves(logs, labels, metric, loss_key), out)


def draw_pipeline(out: str) -> str:
    """The PointCMT method diagram; returns ``out``."""
    return save_figure(plot_pipeline(), out)


__all__ = [
    'draw_views', 'draw_cmpg', 'draw_confusion', 'draw_curves',
    'draw_pipeline', 'find_confusion_json', 'load_confusion', 'find_scalars',
    'load_scalars'
]
