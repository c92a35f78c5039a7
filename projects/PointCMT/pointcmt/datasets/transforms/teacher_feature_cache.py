"""Cached teacher features: the file format and the loading transform.

``tools/extract_teacher_features.py`` runs the frozen teacher once over a
split (un-augmented) and writes one ``.pth`` file with
:func:`save_teacher_feature_cache`::

    dict(features=Tensor (M, C_t) float32,
         sample_idx=Tensor (M,) long,       # index in the dataset's list
         labels=Tensor (M,) long,           # gt_label, -1 when unknown
         pts_path=list[str] | None,         # file datasets only
         meta=dict(...))                    # checkpoint, sha256, views, ...

:class:`LoadTeacherFeature` reads it back (``weights_only`` loading: the file
holds tensors and plain Python values only). ``meta['teacher_ckpt_sha256']``
(:func:`file_sha256` of the teacher checkpoint) lets it check that the
features come from the expected teacher.
"""
import hashlib
import os.path as osp
from typing import Dict, List, Optional

import numpy as np
import torch
from mmcv.transforms import BaseTransform

from mmdet3d.registry import TRANSFORMS
from ...engine import torch_load_cpu
from .checks import sample_name

__all__ = ['LoadTeacherFeature', 'save_teacher_feature_cache', 'file_sha256']


def file_sha256(path: str) -> str:
    """Hex sha256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            digest.update(chunk)
    return digest.hexdigest()


def save_teacher_feature_cache(filename: str, features: torch.Tensor,
                               sample_idx: torch.Tensor, labels: torch.Tensor,
                               pts_path: Optional[List[str]],
                               meta: dict) -> None:
    """Write a teacher-feature cache (see the module docstring).

    Args:
        filename (str): Output ``.pth`` path.
        features (Tensor): ``(M, C_t)`` teacher features.
        sample_idx (Tensor): ``(M,)`` dataset indices of the rows.
        labels (Tensor): ``(M,)`` ground-truth labels (-1 if unknown).
        pts_path (list[str], optional): ``M`` point-file paths.
        meta (dict): Plain-Python provenance (no custom classes).
    """
    count = features.shape[0]
    paths_ok = pts_path is None or len(pts_path) == count
    if features.dim() != 2 or sample_idx.shape != (count, ) or \
            labels.shape != (count, ) or not paths_ok:
        raise ValueError(
            f'Inconsistent teacher-feature cache for {filename}: features '
            f'{tuple(features.shape)}, sample_idx {tuple(sample_idx.shape)}, '
            f'labels {tuple(labels.shape)}, pts_path '
            f'{None if pts_path is None else len(pts_path)}')
    torch.save(
        dict(
            features=features.float().contiguous(),
            sample_idx=sample_idx.long(),
            labels=labels.long(),
            pts_path=None if pts_path is None else list(pts_path),
            meta=dict(meta, count=count)), filename)


@TRANSFORMS.register_module()
class LoadTeacherFeature(BaseTransform):
    """Add the cached teacher feature of the sample.

    The sample is matched by ``pts_path`` when the cache stores paths (file
    datasets), else by ``sample_idx``. The cache is read lazily on first
    use, once per process (i.e. per dataloader worker). A sample the cache
    does not know, or whose label differs from the cached one, means the
    cache was built from another dataset/split: ``ValueError`` naming the
    cache file and the sample.

    With ``teacher_ckpt`` the cache must come from that checkpoint: its
    sha256 (computed once, at construction) is compared on first use with
    ``meta['teacher_ckpt_sha256']`` recorded by
    ``tools/extract_teacher_features.py``. A mismatch (e.g. features of
    another teacher of the same width) or a cache without a recorded hash is
    a ``ValueError`` naming the cache file and the checkpoint; a missing
    checkpoint is a ``FileNotFoundError``. Without ``teacher_ckpt`` the
    teacher is not checked.

    Required Keys:
        - pts_path (str) if the cache stores paths, else sample_idx (int)

    Optional Keys:
        - gt_label (int): compared with the cached label.

    Added Keys:
        - teacher_feat (np.ndarray): ``(C_t,)`` float32.

    Args:
        cache_file (str): Cache written by
            ``tools/extract_teacher_features.py``.
        teacher_ckpt (str, optional): The Stage I teacher checkpoint the
            features must have been extracted with (checked by sha256).
    """

    def __init__(self,
                 cache_file: str,
                 teacher_ckpt: Optional[str] = None) -> None:
        if not osp.isfile(cache_file):
            raise FileNotFoundError(
                f'LoadTeacherFeature: cache file not found: {cache_file!r}; '
                'write it with tools/extract_teacher_features.py')
        self.cache_file = cache_file
        self.teacher_ckpt = teacher_ckpt
        self._teacher_sha256: Optional[str] = None
        if teacher_ckpt is not None:
            if not osp.isfile(teacher_ckpt):
                raise FileNotFoundError(
                    'LoadTeacherFeature: teacher_ckpt file not found: '
                    f'{teacher_ckpt!r}')
            self._teacher_sha256 = file_sha256(teacher_ckpt)
        self._cache: Optional[dict] = None

    @property
    def meta(self) -> dict:
        """Provenance stored in the cache (teacher checkpoint, views ...)."""
        return self._get_cache()['meta']

    def _get_cache(self) -> dict:
        if self._cache is None:
            cache = self._read(self.cache_file)
            self._check_teacher(cache['meta'])
            self._cache = cache
        return self._cache

    def _check_teacher(self, meta: dict) -> None:
        """Compare the cache's teacher hash with ``teacher_ckpt``'s."""
        if self.teacher_ckpt is None:
            return
        recorded = meta.get('teacher_ckpt_sha256')
        if recorded is None:
            raise ValueError(
                f'LoadTeacherFeature: {self.cache_file} records no teacher '
                'checkpoint hash (meta["teacher_ckpt_sha256"]), so it cannot '
                f'be checked against teacher_ckpt={self.teacher_ckpt!r}; '
                'rewrite it with tools/extract_teacher_features.py')
        if recorded != self._teacher_sha256:
            raise ValueError(
                f'LoadTeacherFeature: {self.cache_file} was extracted with '
                f'another teacher checkpoint ({meta.get("teacher_ckpt")!r}, '
                f'sha256 {recorded}) than teacher_ckpt={self.teacher_ckpt!r} '
                f'(sha256 {self._teacher_sha256}); re-extract the features')

    @staticmethod
    def _read(cache_file: str) -> dict:
        """Load and validate the cache, build the row lookups."""
        data = torch_load_cpu(cache_file, 'LoadTeacherFeature', 'cache file')
        keys = ('features', 'sample_idx', 'labels', 'pts_path', 'meta')
        if not isinstance(data, dict) or any(k not in data for k in keys):
            raise ValueError(
                f'LoadTeacherFeature: {cache_file} is not a teacher-feature '
                f'cache: expected keys {keys}, got '
                f'{sorted(data) if isinstance(data, dict) else type(data)}')
        features = data['features'].numpy().astype(np.float32, copy=False)
        sample_idx = data['sample_idx'].tolist()
        pts_path = data['pts_path']
        by_path: Optional[Dict[str, int]] = None
        if pts_path is not None:
            by_path = {path: row for row, path in enumerate(pts_path)}
            if len(by_path) != len(pts_path):
                raise ValueError(f'LoadTeacherFeature: {cache_file} has '
                                 'duplicate pts_path entries')
        return dict(
            features=features,
            labels=data['labels'].numpy(),
            by_idx={
                int(idx): row
                for row, idx in enumerate(sample_idx)
            },
            by_path=by_path,
            meta=data['meta'])

    def _row(self, cache: dict, results: dict) -> int:
        """Row of the sample in the cache."""
        count = len(cache['features'])
        if cache['by_path'] is not None:
            if 'pts_path' not in results:
                raise ValueError(
                    f'LoadTeacherFeature: {self.cache_file} is keyed by '
                    f'pts_path but sample {sample_name(results)} has none: '
                    'the cache was built from another dataset')
            row = cache['by_path'].get(results['pts_path'])
        else:
            if 'sample_idx' not in results:
                raise KeyError('LoadTeacherFeature: the sample has neither '
                               'pts_path nor sample_idx to match the cache '
                               f'{self.cache_file}')
            row = cache['by_idx'].get(int(results['sample_idx']))
        if row is None:
            raise ValueError(
                f'LoadTeacherFeature: sample {sample_name(results)} is not '
                f'in the cache {self.cache_file} ({count} features, '
                f'dataset {cache["meta"].get("dataset")!r}, split '
                f'{cache["meta"].get("split")!r}): was it built from '
                'another dataset or split?')
        return row

    def transform(self, results: dict) -> dict:
        """Add ``teacher_feat`` ``(C_t,)`` to ``results``."""
        cache = self._get_cache()
        row = self._row(cache, results)
        cached_label = int(cache['labels'][row])
        if 'gt_label' in results and cached_label >= 0 and \
                int(results['gt_label']) != cached_label:
            raise ValueError(
                f'LoadTeacherFeature: sample {sample_name(results)} has '
                f'gt_label {int(results["gt_label"])} but the cache '
                f'{self.cache_file} stores label {cached_label} for it: '
                'the cache was built from another dataset or split')
        results['teacher_feat'] = cache['features'][row].copy()
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(cache_file={self.cache_file!r}, '
                f'teacher_ckpt={self.teacher_ckpt!r})')
