"""Cached teacher features: the file format and its reader.

``tools/extract_teacher_features.py`` runs the frozen teacher once over a
split (un-augmented) and writes one ``.pth`` file with
:func:`save_teacher_feature_cache`::

    dict(features=Tensor (M, C_t) float32,
         sample_idx=Tensor (M,) long,       # index in the dataset's list
         labels=Tensor (M,) long,           # gt_label, -1 when unknown
         pts_path=list[str] | None,         # file datasets only
         meta=dict(...))                    # checkpoint, sha256, views, ...

:class:`TeacherFeatureCache` reads it back (``weights_only`` loading: the
file holds tensors and plain Python values only) and gives the features of a
batch by its samples' ``pts_path`` or ``sample_idx`` metainfo.
``meta['teacher_ckpt_sha256']`` (:func:`file_sha256` of the teacher
checkpoint) lets it check that the features come from the expected teacher.
"""
import hashlib
import os.path as osp
from pathlib import Path
from typing import List, Optional, Sequence

import torch
from torch import Tensor

from pointcmt.structures import PointClsDataSample
from ..engine import torch_load_cpu

__all__ = [
    'TeacherFeatureCache', 'save_teacher_feature_cache', 'file_sha256',
    'shape_key'
]


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


def shape_key(pts_path: str) -> str:
    """``<class>/<split>/<name>`` of a shape file path (its last three parts
    without the suffix)."""
    return '/'.join(Path(pts_path).with_suffix('').parts[-3:])


class TeacherFeatureCache:
    """The cached teacher features of a split, looked up per batch.

    A sample is matched by its shape, the last three parts of ``pts_path``
    without the suffix (``<class>/<split>/<name>``), when the cache stores
    paths (file datasets), else by ``sample_idx`` (both are in the samples'
    metainfo, see ``PackPointClsInputs``). So a teacher that saw
    ``ModelNet40/<class>/<split>/<name>.off`` teaches a student that reads
    ``modelnet40_1024/<class>/<split>/<name>.npy``. The file is read on
    first use, once per process. A sample the cache does not know, or whose
    label differs from the cached one, means the cache was built from
    another dataset or split: ``ValueError`` naming the cache file and the
    sample.

    With ``teacher_ckpt`` the cache must come from that checkpoint: its
    sha256 is compared on first use with ``meta['teacher_ckpt_sha256']``
    recorded by ``tools/extract_teacher_features.py``. A mismatch (features
    of another teacher of the same width) or a cache without a recorded hash
    is a ``ValueError`` naming both files.

    Args:
        cache_file (str): Cache written by
            ``tools/extract_teacher_features.py``.
        teacher_ckpt (str, optional): The Stage I checkpoint the features
            must have been extracted with (checked by sha256).
    """

    def __init__(self,
                 cache_file: str,
                 teacher_ckpt: Optional[str] = None) -> None:
        self.cache_file = cache_file
        self.teacher_ckpt = teacher_ckpt
        self._cache: Optional[dict] = None

    @property
    def meta(self) -> dict:
        """Provenance stored in the cache (teacher checkpoint, views ...)."""
        return self._get_cache()['meta']

    def _get_cache(self) -> dict:
        if self._cache is None:
            if not osp.isfile(self.cache_file):
                raise FileNotFoundError(
                    f'teacher_feats: cache file not found: '
                    f'{self.cache_file!r}; write it with '
                    'tools/extract_teacher_features.py')
            cache = self._read(self.cache_file)
            self._check_teacher(cache['meta'])
            self._cache = cache
        return self._cache

    def _check_teacher(self, meta: dict) -> None:
        """Compare the cache's teacher hash with ``teacher_ckpt``'s."""
        if self.teacher_ckpt is None:
            return
        if not osp.isfile(self.teacher_ckpt):
            raise FileNotFoundError(
                f'teacher_feats: teacher_ckpt file not found: '
                f'{self.teacher_ckpt!r} (the cache {self.cache_file} is '
                'checked against it)')
        recorded = meta.get('teacher_ckpt_sha256')
        if recorded is None:
            raise ValueError(
                f'teacher_feats: {self.cache_file} records no teacher '
                'checkpoint hash (meta["teacher_ckpt_sha256"]), so it cannot '
                f'be checked against teacher_ckpt={self.teacher_ckpt!r}; '
                'rewrite it with tools/extract_teacher_features.py')
        expected = file_sha256(self.teacher_ckpt)
        if recorded != expected:
            raise ValueError(
                f'teacher_feats: {self.cache_file} was extracted with '
                f'another teacher checkpoint ({meta.get("teacher_ckpt")!r}, '
                f'sha256 {recorded}) than teacher_ckpt={self.teacher_ckpt!r} '
                f'(sha256 {expected}); re-extract the features')

    @staticmethod
    def _read(cache_file: str) -> dict:
        """Load and validate the cache, build the row lookups."""
        data = torch_load_cpu(cache_file, 'teacher_feats', 'cache file')
        keys = ('features', 'sample_idx', 'labels', 'pts_path', 'meta')
        if not isinstance(data, dict) or any(k not in data for k in keys):
            raise ValueError(
                f'teacher_feats: {cache_file} is not a teacher-feature '
                f'cache: expected keys {keys}, got '
                f'{sorted(data) if isinstance(data, dict) else type(data)}')
        pts_path = data['pts_path']
        if pts_path is not None:
            rows = {shape_key(path): row for row, path in enumerate(pts_path)}
            if len(rows) != len(pts_path):
                raise ValueError(f'teacher_feats: {cache_file} has '
                                 'several pts_path entries of one shape')
        else:
            rows = {
                int(idx): row
                for row, idx in enumerate(data['sample_idx'].tolist())
            }
        return dict(
            features=data['features'].float(),
            labels=data['labels'].long(),
            key='pts_path' if pts_path is not None else 'sample_idx',
            rows=rows,
            meta=data['meta'])

    def _row(self, cache: dict, sample: PointClsDataSample) -> int:
        """Row of one sample in the cache."""
        key = cache['key']
        if key not in sample.metainfo:
            raise ValueError(
                f'teacher_feats: {self.cache_file} is keyed by {key} but a '
                f'sample has none (metainfo {sorted(sample.metainfo)}): the '
                'cache was built from another dataset, or the pipeline does '
                'not pack it (PackPointClsInputs meta_keys)')
        value = sample.metainfo[key]
        row = cache['rows'].get(
            shape_key(value) if key == 'pts_path' else int(value))
        if row is None:
            raise ValueError(
                f'teacher_feats: sample {key}={value!r} is not in the cache '
                f'{self.cache_file} ({len(cache["features"])} features, '
                f'dataset {cache["meta"].get("dataset")!r}, split '
                f'{cache["meta"].get("split")!r}): was it built from another '
                'dataset or split?')
        return row

    def lookup(self, data_samples: Sequence[PointClsDataSample]) -> Tensor:
        """The cached features of a batch.

        Args:
            data_samples (Sequence[PointClsDataSample]): The batch's samples,
                with ``pts_path`` or ``sample_idx`` metainfo and, when set,
                ``gt_label`` (compared with the cached label).

        Returns:
            Tensor: ``(B, C_t)`` float32 on the CPU.
        """
        cache = self._get_cache()
        rows = torch.tensor([self._row(cache, s) for s in data_samples])
        cached = cache['labels'][rows]
        for sample, label in zip(data_samples, cached.tolist()):
            gt = sample.get('gt_label')
            if gt is not None and label >= 0 and int(gt) != label:
                key = cache['key']
                raise ValueError(
                    f'teacher_feats: sample {key}='
                    f'{sample.metainfo.get(key)!r} has gt_label {int(gt)} '
                    f'but the cache {self.cache_file} stores label {label} '
                    'for it: the cache was built from another dataset or '
                    'split')
        return cache['features'][rows]

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(cache_file={self.cache_file!r}, '
                f'teacher_ckpt={self.teacher_ckpt!r})')
