"""Pictures of what PointCMT does (PNG, matplotlib, headless).

Examples::

    # rendered teacher views of test samples 0, 40 and 80
    python tools/visualize.py views configs/cls_pointnet2-ssg_synthetic.py \
        --indices 0 40 80 --split test --out views.png
    # Stage II: generated vs real point sets, with the per-sample EMD
    python tools/visualize.py cmpg STAGE2_CONFIG work_dirs/cmpg/epoch_50.pth \
        --indices 0 1 2 --out cmpg.png
    # confusion matrix of a test (or the last validation) run
    python tools/visualize.py confusion work_dirs/pointcmt --out cm.png
    # learning curves of several runs
    python tools/visualize.py curves work_dirs/vanilla work_dirs/pointcmt \
        --labels vanilla pointcmt --metric overall_acc --out curves.png
    # the method diagram
    python tools/visualize.py pipeline --out pipeline.png

Data sources:

* ``views``: ``<split>_dataloader.dataset`` of CONFIG with the
  un-augmented ``test_dataloader`` pipeline cut before
  ``PackPointClsInputs`` (``LoadTeacherFeature`` dropped). If that pipeline
  yields no ``imgs`` (no ``RenderMultiView``/``LoadMultiViewImages``, e.g. a
  plain classifier config), ``RenderMultiView`` is appended with the data
  preprocessor's ``render_cfg`` (what a teacher rendering batch-wise sees)
  or ``--render-views``/``--image-size``, so any config can be shown.
* ``cmpg``: CONFIG's ``CMPGPretrainModel`` with CHECKPOINT loaded strictly,
  run in ``predict`` mode on ``<split>_dataloader.dataset`` with the full
  ``test_dataloader`` pipeline. Both point sets are shown in the frame the
  EMD is measured in (unit box, if the loss normalises) unless ``--raw``.
* ``confusion``: a JSON written by ``PointClsAccuracy``, or a work dir, where
  ``test_confusion_matrix.json`` is preferred over ``confusion_matrix.json``.
* ``curves``: ``<run>/vis_data/scalars.json`` (mmengine's
  ``LocalVisBackend``; one JSON object per line). RUN_DIR is a timestamp
  folder or a work dir, of which the latest timestamp folder holding a
  ``vis_data/scalars.json`` is used. Train lines (with ``epoch``/``iter``)
  give the loss per ``step``; validation lines (without ``epoch``, with the
  metric) give the metric per epoch (their ``step``).
"""
import argparse
import copy
import glob
import json
import os.path as osp
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
from mmengine.config import Config, DictAction
from mmengine.dataset import pseudo_collate
from mmengine.registry import init_default_scope

import pointcmt  # noqa: F401  (registers the plugin)
from mmdet3d.registry import DATASETS, MODELS
from pointcmt.models.losses.point_set_utils import normalize_unit_box
from pointcmt.ops.point_renderer import view_angles
from pointcmt.engine import load_weights_strict
from pointcmt.visualization import (plot_confusion_matrix,
                                    plot_learning_curves, plot_pipeline,
                                    plot_point_set_pairs, plot_view_grid,
                                    save_figure)

SPLITS = ('train', 'val', 'test')
VIEW_SOURCES = ('RenderMultiView', 'LoadMultiViewImages')
CONFUSION_FILES = ('test_confusion_matrix.json', 'confusion_matrix.json')


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='PointCMT figures (PNG)')
    sub = parser.add_subparsers(dest='command', required=True)

    def common(p: argparse.ArgumentParser, default_out: str) -> None:
        p.add_argument('--out', default=default_out, help='output .png')

    def dataset_args(p: argparse.ArgumentParser) -> None:
        p.add_argument('config', help='config file')
        p.add_argument(
            '--indices',
            type=int,
            nargs='+',
            default=[0, 1, 2],
            help='dataset indices to show')
        p.add_argument('--split', choices=SPLITS, default='test')
        p.add_argument(
            '--cfg-options',
            nargs='+',
            action=DictAction,
            help='override config settings, key=value')

    views = sub.add_parser('views', help='rendered views of samples')
    dataset_args(views)
    views.add_argument(
        '--render-views',
        help='view preset used when the pipeline renders no views '
        '(default: the data preprocessor\'s render_cfg, else simpleview6)')
    views.add_argument(
        '--image-size',
        type=int,
        help='image size used when the pipeline renders no views '
        '(default: the data preprocessor\'s render_cfg, else 64)')
    common(views, 'views.png')

    cmpg = sub.add_parser('cmpg', help='CMPG generated vs real points')
    dataset_args(cmpg)
    cmpg.add_argument('checkpoint', help='Stage II checkpoint')
    cmpg.add_argument(
        '--raw',
        action='store_true',
        help='show raw coordinates instead of the EMD frame')
    common(cmpg, 'cmpg.png')

    confusion = sub.add_parser('confusion', help='confusion matrix')
    confusion.add_argument('source', help='work dir or confusion json')
    common(confusion, 'confusion.png')

    curves = sub.add_parser('curves', help='learning curves')
    curves.add_argument('runs', nargs='+', help='work dirs or run folders')
    curves.add_argument('--labels', nargs='+', help='one label per run')
    curves.add_argument('--metric', default='overall_acc')
    curves.add_argument('--loss-key', default='loss')
    common(curves, 'curves.png')

    pipeline = sub.add_parser('pipeline', help='the PointCMT diagram')
    common(pipeline, 'pipeline.png')
    return parser.parse_args(argv)


def load_config(path: str, options: Optional[dict]):
    """Read a config, apply ``--cfg-options`` and set the default scope."""
    if not osp.isfile(path):
        raise FileNotFoundError(f'config file not found: {path!r}')
    cfg = Config.fromfile(path)
    if options:
        cfg.merge_from_dict(options)
    init_default_scope(cfg.get('default_scope', 'mmdet3d'))
    return cfg


def build_dataset(cfg, split: str, pipeline: List[dict]):
    """``<split>_dataloader.dataset`` of ``cfg`` with ``pipeline``."""
    key = f'{split}_dataloader'
    if not cfg.get(key) or 'pipeline' not in cfg[key].get('dataset', {}):
        raise ValueError(f'the config has no {key}.dataset with a pipeline '
                         '(wrapped datasets are not supported)')
    dataset = copy.deepcopy(cfg[key]['dataset'])
    dataset['pipeline'] = pipeline
    return DATASETS.build(dataset)


def get_test_pipeline(cfg) -> List[dict]:
    """A copy of ``test_dataloader.dataset.pipeline``."""
    if not cfg.get('test_dataloader'):
        raise ValueError('the config has no test_dataloader (its pipeline '
                         'is the un-augmented one to show)')
    return copy.deepcopy(list(cfg.test_dataloader.dataset.pipeline))


def check_indices(indices: Sequence[int], length: int, split: str) -> None:
    """Raise ``ValueError`` naming the first index outside the dataset."""
    for index in indices:
        if not 0 <= index < length:
            raise ValueError(f'index {index} is out of range for the {split} '
                             f'dataset of {length} samples')


def sample_label(dataset, results: dict, index: int) -> str:
    """``'#index class'`` of a results dict."""
    classes = dataset.metainfo.get('classes')
    label = int(results['gt_label']) if 'gt_label' in results else -1
    name = classes[label] if classes and 0 <= label < len(classes) else label
    return f'#{index} {name}'


def run_views(args: argparse.Namespace) -> str:
    """Grid of rendered views of the selected samples."""
    cfg = load_config(args.config, args.cfg_options)
    pipeline = []
    for transform in get_test_pipeline(cfg):
        if transform.get('type') == 'PackPointClsInputs':
            break
        if transform.get('type') != 'LoadTeacherFeature':
            pipeline.append(transform)
    renderers = [t for t in pipeline if t.get('type') in VIEW_SOURCES]
    if not renderers:
        # what the teacher sees: its data preprocessor's render_cfg, if any
        preprocessor = cfg.get('model', {}).get('data_preprocessor', {})
        render_cfg = dict(preprocessor.get('render_cfg') or {})
        render_cfg.update(
            {k: v
             for k, v in (('views', args.render_views),
                          ('image_size', args.image_size)) if v is not None})
        render_cfg.setdefault('views', 'simpleview6')
        render_cfg.setdefault('image_size', 64)
        renderers = [dict(type='RenderMultiView', **render_cfg)]
        pipeline.append(renderers[0])
    dataset = build_dataset(cfg, args.split, pipeline)
    check_indices(args.indices, len(dataset), args.split)
    samples = [dataset[i] for i in args.indices]
    images = np.stack([s['imgs'] for s in samples])
    view_spec = renderers[-1].get('views', 'simpleview6')
    view_labels = None
    if renderers[-1]['type'] == 'RenderMultiView':
        azim, elev = view_angles(view_spec)
        view_labels = [f'az {a:.0f} el {e:.0f}' for a, e in zip(azim, elev)]
    fig = plot_view_grid(
        images,
        [sample_label(dataset, s, i) for s, i in zip(samples, args.indices)],
        view_labels)
    return save_figure(fig, args.out)


def run_cmpg(args: argparse.Namespace) -> str:
    """Generated vs real point sets of a Stage II checkpoint."""
    cfg = load_config(args.config, args.cfg_options)
    if not osp.isfile(args.checkpoint):
        raise FileNotFoundError(
            f'checkpoint file not found: {args.checkpoint!r}')
    if cfg.model.get('type') != 'CMPGPretrainModel':
        raise TypeError(f'{args.config}: model is {cfg.model.get("type")}, '
                        'expected a Stage II CMPGPretrainModel config')
    model = MODELS.build(cfg.model)
    load_weights_strict(model, args.checkpoint, what='checkpoint')
    model.eval()
    dataset = build_dataset(cfg, args.split, get_test_pipeline(cfg))
    check_indices(args.indices, len(dataset), args.split)
    data = model.data_preprocessor(
        pseudo_collate([dataset[i] for i in args.indices]), False)
    with torch.no_grad():
        preds = model(**data, mode='predict')
    real = data['inputs']['points'][:, :model.generator.num_points, :3]
    generated = torch.stack([p.pred_points for p in preds]).float()
    frame = getattr(model.sample_emd, 'normalize', None)
    if not args.raw and frame == 'unit_box':
        real = normalize_unit_box(real)
        generated = normalize_unit_box(generated)
    classes = dataset.metainfo.get('classes')
    titles = []
    for pred, index in zip(preds, args.indices):
        label = int(pred.gt_label) if 'gt_label' in pred else -1
        name = classes[label] if classes and label >= 0 else ''
        titles.append(f'#{index} {name}  EMD {float(pred.pred_emd):.4f}')
    fig = plot_point_set_pairs(generated.numpy(), real.numpy(), titles)
    return save_figure(fig, args.out)


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


def run_confusion(args: argparse.Namespace) -> str:
    """Confusion matrix and per-class accuracy of a metric JSON."""
    path = find_confusion_json(args.source)
    confusion, classes = load_confusion(path)
    fig = plot_confusion_matrix(confusion, classes, title=path)
    return save_figure(fig, args.out)


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


def run_curves(args: argparse.Namespace) -> str:
    """Learning curves of one or more runs."""
    labels = args.labels or [
        osp.basename(osp.normpath(r)) for r in args.runs
    ]
    if len(labels) != len(args.runs):
        raise ValueError(f'{len(labels)} --labels for {len(args.runs)} runs')
    runs = [
        load_scalars(find_scalars(r), args.metric, args.loss_key)
        for r in args.runs
    ]
    fig = plot_learning_curves(runs, labels, args.metric, args.loss_key)
    return save_figure(fig, args.out)


def run_pipeline(args: argparse.Namespace) -> str:
    """The PointCMT method diagram."""
    return save_figure(plot_pipeline(), args.out)


COMMANDS = dict(
    views=run_views,
    cmpg=run_cmpg,
    confusion=run_confusion,
    curves=run_curves,
    pipeline=run_pipeline)


def main(argv=None) -> str:
    """Run a subcommand; print and return the written PNG path."""
    args = parse_args(argv)
    out = COMMANDS[args.command](args)
    print(out)
    return out


if __name__ == '__main__':
    main()
