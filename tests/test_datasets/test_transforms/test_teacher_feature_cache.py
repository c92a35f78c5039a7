"""The teacher-feature cache: its file format, LoadTeacherFeature's lookups
and errors, and its check against the teacher checkpoint."""
import hashlib

import numpy as np
import pytest
import torch

from mmdet3d.registry import TRANSFORMS
from pointcmt.datasets.transforms.teacher_feature_cache import (
    LoadTeacherFeature, file_sha256, save_teacher_feature_cache)

WIDTH = 4


def _teacher(path, seed):
    """A tiny 'teacher checkpoint': a linear layer of the feature width."""
    torch.manual_seed(seed)
    torch.save(dict(state_dict=torch.nn.Linear(3, WIDTH).state_dict()), path)
    return str(path)


def _cache(path, teacher_ckpt=None):
    """Three features keyed by sample_idx; meta as the extraction tool's."""
    meta = {} if teacher_ckpt is None else dict(
        teacher_ckpt=teacher_ckpt,
        teacher_ckpt_sha256=file_sha256(teacher_ckpt))
    feats = torch.arange(3 * WIDTH, dtype=torch.float32).view(3, WIDTH)
    save_teacher_feature_cache(
        str(path), feats, torch.tensor([0, 1, 2]), torch.tensor([0, 1, 0]),
        None, meta)
    return str(path)


def test_file_sha256_streams_the_whole_file(tmp_path):
    data = np.random.default_rng(0).bytes(3 * (1 << 20) + 5)  # > 1 chunk
    (tmp_path / 'blob').write_bytes(data)
    assert file_sha256(str(tmp_path / 'blob')) == \
        hashlib.sha256(data).hexdigest()


def test_matching_teacher_checkpoint_passes(tmp_path):
    ckpt = _teacher(tmp_path / 'teacher.pth', seed=0)
    cache = _cache(tmp_path / 'feats.pth', ckpt)
    load = TRANSFORMS.build(
        dict(type='LoadTeacherFeature', cache_file=cache, teacher_ckpt=ckpt))
    out = load(dict(sample_idx=1, gt_label=1))
    np.testing.assert_array_equal(out['teacher_feat'],
                                  np.arange(WIDTH, 2 * WIDTH))
    assert 'teacher_ckpt=' in repr(load)


def test_other_checkpoint_of_same_width_fails(tmp_path):
    used = _teacher(tmp_path / 'teacher_a.pth', seed=0)
    other = _teacher(tmp_path / 'teacher_b.pth', seed=1)
    cache = _cache(tmp_path / 'feats.pth', used)
    load = LoadTeacherFeature(cache, teacher_ckpt=other)
    with pytest.raises(ValueError) as err:
        load(dict(sample_idx=0))
    message = str(err.value)
    for part in (cache, other, file_sha256(used), file_sha256(other),
                 'another teacher checkpoint'):
        assert part in message, message
    # without teacher_ckpt the teacher is not checked
    unchecked = LoadTeacherFeature(cache)(dict(sample_idx=0))
    assert unchecked['teacher_feat'].shape == (WIDTH, )


def test_missing_checkpoint_and_missing_hash(tmp_path):
    ckpt = _teacher(tmp_path / 'teacher.pth', seed=0)
    cache = _cache(tmp_path / 'feats.pth', ckpt)
    missing = str(tmp_path / 'nope.pth')
    with pytest.raises(FileNotFoundError, match='nope.pth'):
        LoadTeacherFeature(cache, teacher_ckpt=missing)
    no_hash = _cache(tmp_path / 'no_hash.pth')
    load = LoadTeacherFeature(no_hash, teacher_ckpt=ckpt)
    with pytest.raises(ValueError, match='records no teacher checkpoint hash'):
        load(dict(sample_idx=0))


def test_index_keyed_cache_and_errors(tmp_path):
    out = str(tmp_path / 'feat.pth')
    feats = torch.arange(12, dtype=torch.float32).view(3, 4)
    save_teacher_feature_cache(out, feats, torch.tensor([2, 0, 1]),
                               torch.tensor([-1, -1, -1]), None,
                               dict(split='train', dataset='Synthetic'))
    load = LoadTeacherFeature(out)
    assert load.meta['count'] == 3
    results = load(dict(sample_idx=1, gt_label=4))
    np.testing.assert_array_equal(results['teacher_feat'], feats[2].numpy())
    with pytest.raises(ValueError, match=r'sample_idx=3 is not in the cache'):
        load(dict(sample_idx=3))
    with pytest.raises(FileNotFoundError, match='missing.pth'):
        LoadTeacherFeature(str(tmp_path / 'missing.pth'))
    with pytest.raises(ValueError, match='Inconsistent'):
        save_teacher_feature_cache(out, feats, torch.tensor([0, 1]),
                                   torch.tensor([0, 1, 2]), None, {})
    bad = str(tmp_path / 'bad.pth')
    torch.save(dict(features=feats), bad)
    with pytest.raises(ValueError, match='not a teacher-feature cache'):
        LoadTeacherFeature(bad)(dict(sample_idx=0))
