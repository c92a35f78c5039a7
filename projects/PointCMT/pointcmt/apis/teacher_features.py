"""Cache the frozen Stage I teacher's features of one dataset split.

The split's dataset is taken from ``<split>_dataloader`` and given the
un-augmented pipeline of ``test_dataloader`` (points -> rendered views ->
pack), as the reference computes teacher features once on clean data. The
file (:func:`pointcmt.models.save_teacher_feature_cache`)
stores the features with their ``sample_idx``/``pts_path``/labels and
provenance (checkpoint path, sha256 and mtime, config, views, dataset,
split, count); ``model.teacher_feats`` of a Stage II/III config reads it
(:class:`pointcmt.models.TeacherFeatureCache`).
"""
import copy
import json
import os
import os.path as osp
import time
from typing import Dict, Optional, Tuple

import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.runner import Runner
from torch.utils.data import DataLoader

from mmdet3d.registry import MODELS
from pointcmt.models import file_sha256, save_teacher_feature_cache
from pointcmt.engine import load_weights_strict, track_progress

SPLITS = ('train', 'val', 'test')
VIEW_TRANSFORMS = ('RenderMultiView', 'RenderMeshViews', 'LoadMultiViewImages')


def split_dataset_cfg(cfg: Config, split: str,
                      pipeline: Optional[list] = None) -> dict:
    """``<split>_dataloader.dataset`` of ``cfg`` with another pipeline.

    Args:
        cfg (Config): A config with ``<split>_dataloader`` and
            ``test_dataloader``.
        split (str): ``'train'``, ``'val'`` or ``'test'``.
        pipeline (list[dict], optional): Default: a copy of
            ``test_dataloader``'s, the un-augmented one.

    Returns:
        dict: A dataset config (a copy).
    """
    key = f'{split}_dataloader'
    if not cfg.get(key) or not cfg.get('test_dataloader'):
        raise ValueError(f'The config needs {key} and test_dataloader '
                         '(whose pipeline is the un-augmented one)')
    dataset = copy.deepcopy(cfg[key]['dataset'])
    if 'pipeline' not in dataset:
        raise ValueError(f'{key}.dataset has no pipeline (wrapped datasets '
                         'are not supported; use a split with a plain one)')
    dataset['pipeline'] = copy.deepcopy(
        cfg.test_dataloader['dataset']['pipeline']
        if pipeline is None else pipeline)
    return dataset


def _ordered_loader(dataset: dict, batch_size: int,
                    num_workers: int) -> DataLoader:
    """A dataloader over ``dataset`` in order."""
    return Runner.build_dataloader(
        dict(
            dataset=dataset,
            batch_size=batch_size,
            num_workers=num_workers,
            persistent_workers=False,
            sampler=dict(type='DefaultSampler', shuffle=False),
            collate_fn=dict(type='pseudo_collate')))


def _plain(obj):
    """Config values as plain JSON types (storable with weights_only)."""
    return json.loads(json.dumps(obj, default=str))


def _extract(model: torch.nn.Module, loader: DataLoader
             ) -> Tuple[torch.Tensor, list, list, list]:
    """Features ``(M, C_t)``, sample indices, labels and paths."""
    feats, indices, labels, paths = [], [], [], []
    with torch.no_grad(), track_progress(
            total=len(loader.dataset), desc='teacher features') as progress:
        for data in loader:
            data = model.data_preprocessor(data, False)
            feats.append(model.extract_feat(data['inputs']).float().cpu())
            for sample in data['data_samples']:
                indices.append(sample.metainfo.get('sample_idx', len(indices)))
                labels.append(
                    int(sample.gt_label) if 'gt_label' in sample else -1)
                paths.append(sample.metainfo.get('pts_path'))
            progress.update(len(data['data_samples']))
    return torch.cat(feats), indices, labels, paths


def extract_teacher_features(config: str,
                             checkpoint: str,
                             out: str,
                             split: str = 'train',
                             batch_size: int = 32,
                             num_workers: int = 0,
                             device: Optional[str] = None,
                             cfg_options: Optional[Dict] = None) -> Dict:
    """Run the frozen teacher over a split and write the feature cache.

    Args:
        config (str): Stage I (``MultiViewTeacher``) config.
        checkpoint (str): Stage I checkpoint (loaded strictly).
        out (str): Output ``.pth`` file.
        split (str): One of :data:`SPLITS`.
        batch_size (int): Batch size of the teacher.
        num_workers (int): Dataloader workers.
        device (str, optional): Default: CUDA if available, else CPU.
        cfg_options (dict, optional): Overrides of the config.

    Returns:
        dict: ``file``, ``count`` (features) and ``channels`` (their
        width ``C_t``).
    """
    if split not in SPLITS:
        raise ValueError(f'split must be one of {SPLITS}, got {split!r}')
    cfg = Config.fromfile(config)
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmdet3d'))
    model = MODELS.build(cfg.model)
    if not hasattr(model, 'extract_feat') or not hasattr(
            model, 'feat_channels'):
        raise TypeError(f'{config}: model {type(model).__name__} is not a '
                        'teacher (MultiViewTeacher expected)')
    load_weights_strict(model, checkpoint, what='checkpoint')
    device = device or ('cuda' if torch.cuda.is_available() else 'cpu')
    model.to(device).eval()

    dataset = split_dataset_cfg(cfg, split)
    feats, indices, labels, paths = _extract(
        model, _ordered_loader(dataset, batch_size, num_workers))
    meta = _plain(
        dict(
            teacher_ckpt=osp.abspath(checkpoint),
            teacher_ckpt_sha256=file_sha256(checkpoint),
            teacher_ckpt_mtime=os.path.getmtime(checkpoint),
            config=osp.abspath(config),
            views=[
                t for t in dataset['pipeline']
                if t.get('type') in VIEW_TRANSFORMS
            ],
            data_preprocessor=cfg.model.get('data_preprocessor'),
            dataset=dataset.get('type'),
            data_root=dataset.get('data_root'),
            dataset_split=dataset.get('split'),
            split=split,
            created=time.strftime('%Y-%m-%d %H:%M:%S')))
    os.makedirs(osp.dirname(osp.abspath(out)), exist_ok=True)
    save_teacher_feature_cache(
        out, feats, torch.tensor(indices, dtype=torch.long),
        torch.tensor(labels, dtype=torch.long),
        paths if all(p is not None for p in paths) else None, meta)
    return dict(file=out, count=len(indices), channels=feats.shape[1])


__all__ = ['SPLITS', 'extract_teacher_features', 'split_dataset_cfg']
