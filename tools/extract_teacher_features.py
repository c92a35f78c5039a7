"""Cache the frozen Stage I teacher's features of one dataset split.

Example::

    python tools/extract_teacher_features.py \
        configs/teacher_mvcnn_resnet18_modelnet40.py \
        work_dirs/teacher/epoch_50.pth --split train \
        --out data/modelnet40/teacher_feat_train.pth

The split's dataset is taken from ``<split>_dataloader`` and given the
un-augmented pipeline of ``test_dataloader`` (points -> rendered views ->
pack), as the reference computes teacher features once on clean data. The
file (see :mod:`pointcmt.datasets.transforms.teacher_feature_cache`) stores the
features with their ``sample_idx``/``pts_path``/labels and provenance
(checkpoint path, sha256 and mtime, config, views, dataset, split, count);
``LoadTeacherFeature`` reads it in Stage II/III.
"""
import argparse
import copy
import json
import os
import os.path as osp
import time

import torch
from mmengine.config import Config, DictAction
from mmengine.registry import init_default_scope
from mmengine.runner import Runner
from mmengine.utils import ProgressBar

import pointcmt  # noqa: F401  (registers the plugin)
from mmdet3d.registry import MODELS
from pointcmt.datasets.transforms.teacher_feature_cache import (
    file_sha256, save_teacher_feature_cache)
from pointcmt.engine import load_weights_strict

SPLITS = ('train', 'val', 'test')


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Cache teacher features of a dataset split')
    parser.add_argument('config', help='Stage I (MultiViewTeacher) config')
    parser.add_argument('checkpoint', help='Stage I checkpoint')
    parser.add_argument(
        '--split',
        choices=SPLITS,
        default='train',
        help='use <split>_dataloader.dataset')
    parser.add_argument('--out', required=True, help='output .pth file')
    parser.add_argument('--batch-size', type=int, default=32)
    parser.add_argument('--num-workers', type=int, default=0)
    parser.add_argument(
        '--device',
        default='cuda' if torch.cuda.is_available() else 'cpu',
        help='device to run the teacher on')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config settings, key=value')
    return parser.parse_args(argv)


def plain(obj):
    """Config values as plain JSON types (storable with weights_only)."""
    return json.loads(json.dumps(obj, default=str))


def build_loader(cfg: Config, split: str, batch_size: int, num_workers: int):
    """Dataloader of the split's dataset with the test pipeline, in order.
    """
    key = f'{split}_dataloader'
    if not cfg.get(key) or not cfg.get('test_dataloader'):
        raise ValueError(f'The config needs {key} and test_dataloader '
                         '(whose pipeline renders un-augmented views)')
    dataset = copy.deepcopy(cfg[key]['dataset'])
    if 'pipeline' not in dataset:
        raise ValueError(f'{key}.dataset has no pipeline (wrapped datasets '
                         'are not supported; point --split at a plain one)')
    dataset['pipeline'] = copy.deepcopy(
        cfg.test_dataloader['dataset']['pipeline'])
    loader = dict(
        dataset=dataset,
        batch_size=batch_size,
        num_workers=num_workers,
        persistent_workers=False,
        sampler=dict(type='DefaultSampler', shuffle=False),
        collate_fn=dict(type='pseudo_collate'))
    return Runner.build_dataloader(loader), dataset


def main(argv=None) -> None:
    args = parse_args(argv)
    cfg = Config.fromfile(args.config)
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmdet3d'))

    model = MODELS.build(cfg.model)
    if not hasattr(model, 'extract_feat') or not hasattr(
            model, 'feat_channels'):
        raise TypeError(f'{args.config}: model {type(model).__name__} is '
                        'not a teacher (MultiViewTeacher expected)')
    load_weights_strict(model, args.checkpoint, what='checkpoint')
    model.to(args.device).eval()

    loader, dataset_cfg = build_loader(cfg, args.split, args.batch_size,
                                       args.num_workers)
    feats, indices, labels, paths = [], [], [], []
    progress = ProgressBar(len(loader.dataset))
    with torch.no_grad():
        for data in loader:
            data = model.data_preprocessor(data, False)
            feats.append(model.extract_feat(data['inputs']).float().cpu())
            for sample in data['data_samples']:
                indices.append(sample.metainfo.get('sample_idx', len(indices)))
                labels.append(
                    int(sample.gt_label) if 'gt_label' in sample else -1)
                paths.append(sample.metainfo.get('pts_path'))
                progress.update()
    has_paths = all(p is not None for p in paths)
    views = [
        t for t in dataset_cfg['pipeline']
        if t.get('type') in ('RenderMultiView', 'RenderMeshViews',
                             'LoadMultiViewImages')
    ]
    meta = plain(
        dict(
            teacher_ckpt=osp.abspath(args.checkpoint),
            teacher_ckpt_sha256=file_sha256(args.checkpoint),
            teacher_ckpt_mtime=os.path.getmtime(args.checkpoint),
            config=osp.abspath(args.config),
            views=views,
            data_preprocessor=cfg.model.get('data_preprocessor'),
            dataset=dataset_cfg.get('type'),
            data_root=dataset_cfg.get('data_root'),
            dataset_split=dataset_cfg.get('split'),
            split=args.split,
            created=time.strftime('%Y-%m-%d %H:%M:%S')))
    os.makedirs(osp.dirname(osp.abspath(args.out)), exist_ok=True)
    save_teacher_feature_cache(args.out, torch.cat(feats),
                               torch.tensor(indices, dtype=torch.long),
                               torch.tensor(labels, dtype=torch.long),
                               paths if has_paths else None, meta)
    print(f'\nSaved {len(indices)} teacher features of width '
          f'{feats[0].shape[1]} to {args.out}')


if __name__ == '__main__':
    main()
