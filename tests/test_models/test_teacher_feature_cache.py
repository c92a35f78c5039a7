"""The teacher-feature cache: its file format, the lookups of a batch by
shape or index, its errors, and its check against the teacher checkpoint."""
import hashlib

import numpy as np
import pytest
import torch

from pointcmt.models import (TeacherFeatureCache, file_sha256,
                             save_teacher_feature_cache)
from pointcmt.structures import PointClsDataSample

WIDTH = 4


def _teacher(path, seed):
    """A tiny 'teacher checkpoint': a linear layer of the feature width."""
    torch.manual_seed(seed)
    torch.save(dict(state_dict=torch.nn.Linear(3, WIDTH).state_dict()), path)
    return str(path)


def _cache(path, teacher_ckpt=None, pts_path=None):
    """Three features keyed by sample_idx (or by ``pts_path``); meta as the
    extraction tool's."""
    meta = {} if teacher_ckpt is None else dict(
        teacher_ckpt=teacher_ckpt,
        teacher_ckpt_sha256=file_sha256(teacher_ckpt))
    feats = torch.arange(3 * WIDTH, dtype=torch.float32).view(3, WIDTH)
    save_teacher_feature_cache(
        str(path), feats, torch.tensor([0, 1, 2]), torch.tensor([0, 1, 0]),
        pts_path, meta)
    return str(path)


def _samples(label=None, **metainfo):
    """One sample per value of each metainfo key."""
    values = list(zip(*metainfo.values()))
    samples = [
        PointClsDataSample(metainfo=dict(zip(metainfo, v))) for v in values
    ]
    if label is not None:
        for sample, gt in zip(samples, label):
            sample.set_gt_label(gt)
    return samples


def test_file_sha256_streams_the_whole_file(tmp_path):
    data = np.random.default_rng(0).bytes(3 * (1 << 20) + 5)  # > 1 chunk
    (tmp_path / 'blob').write_bytes(data)
    assert file_sha256(str(tmp_path / 'blob')) == \
        hashlib.sha256(data).hexdigest()


def test_matching_teacher_checkpoint_passes(tmp_path):
    ckpt = _teacher(tmp_path / 'teacher.pth', seed=0)
    cache = TeacherFeatureCache(_cache(tmp_path / 'feats.pth', ckpt), ckpt)
    feats = cache.lookup(_samples(label=[1, 0], sample_idx=[1, 2]))
    torch.testing.assert_close(
        feats,
        torch.arange(WIDTH, 3 * WIDTH, dtype=torch.float32).view(2, WIDTH))
    assert 'teacher_ckpt=' in repr(cache)


def test_other_checkpoint_of_same_width_fails(tmp_path):
    used = _teacher(tmp_path / 'teacher_a.pth', seed=0)
    other = _teacher(tmp_path / 'teacher_b.pth', seed=1)
    path = _cache(tmp_path / 'feats.pth', used)
    with pytest.raises(ValueError) as err:
        TeacherFeatureCache(path, other).lookup(_samples(sample_idx=[0]))
    message = str(err.value)
    for part in (path, other, file_sha256(used), file_sha256(other),
                 'another teacher checkpoint'):
        assert part in message, message
    # without teacher_ckpt the teacher is not checked
    unchecked = TeacherFeatureCache(path).lookup(_samples(sample_idx=[0]))
    assert unchecked.shape == (1, WIDTH)


def test_missing_files_and_missing_hash(tmp_path):
    ckpt = _teacher(tmp_path / 'teacher.pth', seed=0)
    path = _cache(tmp_path / 'feats.pth', ckpt)
    batch = _samples(sample_idx=[0])
    with pytest.raises(FileNotFoundError, match='teacher_ckpt.*nope.pth'):
        TeacherFeatureCache(path, str(tmp_path / 'nope.pth')).lookup(batch)
    with pytest.raises(FileNotFoundError, match='missing.pth'):
        TeacherFeatureCache(str(tmp_path / 'missing.pth')).lookup(batch)
    no_hash = TeacherFeatureCache(_cache(tmp_path / 'no_hash.pth'), ckpt)
    with pytest.raises(ValueError, match='records no teacher checkpoint hash'):
        no_hash.lookup(batch)


def test_index_keyed_cache_and_errors(tmp_path):
    out = str(tmp_path / 'feat.pth')
    feats = torch.arange(12, dtype=torch.float32).view(3, 4)
    save_teacher_feature_cache(out, feats, torch.tensor([2, 0, 1]),
                               torch.tensor([-1, -1, -1]), None,
                               dict(split='train', dataset='Synthetic'))
    cache = TeacherFeatureCache(out)
    assert cache.meta['count'] == 3
    # unknown cached labels (-1) are not compared
    torch.testing.assert_close(
        cache.lookup(_samples(label=[4], sample_idx=[1])), feats[2:3])
    with pytest.raises(ValueError, match=r'sample_idx=3 is not in the cache'):
        cache.lookup(_samples(sample_idx=[3]))
    with pytest.raises(ValueError, match='keyed by sample_idx.*metainfo'):
        cache.lookup(_samples(pts_path=['a/train/x.npy']))
    with pytest.raises(ValueError, match='Inconsistent'):
        save_teacher_feature_cache(out, feats, torch.tensor([0, 1]),
                                   torch.tensor([0, 1, 2]), None, {})
    bad = str(tmp_path / 'bad.pth')
    torch.save(dict(features=feats), bad)
    with pytest.raises(ValueError, match='not a teacher-feature cache'):
        TeacherFeatureCache(bad).lookup(_samples(sample_idx=[0]))


def test_file_keyed_cache_matches_the_shape_across_datasets(tmp_path):
    """A teacher that saw the meshes teaches a student reading the points:
    rows are matched by <class>/<split>/<name>; a label mismatch is named."""
    meshes = [
        f'/data/ModelNet40/{c}/train/{c}_0001.off'
        for c in ('bed', 'chair', 'sofa')
    ]
    cache = TeacherFeatureCache(
        _cache(tmp_path / 'feats.pth', pts_path=meshes))
    points = _samples(
        label=[0, 0],
        pts_path=[
            'data/modelnet40_1024/sofa/train/sofa_0001.npy',
            'data/modelnet40_1024/bed/train/bed_0001.npy'
        ])
    torch.testing.assert_close(
        cache.lookup(points),
        torch.arange(3 * WIDTH, dtype=torch.float32).view(3, WIDTH)[[2, 0]])
    points[1].set_gt_label(1)
    with pytest.raises(ValueError, match='bed_0001.npy.*gt_label 1.*label 0'):
        cache.lookup(points)
    with pytest.raises(ValueError, match='bed/test/bed_0001.npy.* not in'):
        cache.lookup(_samples(pts_path=['x/bed/test/bed_0001.npy']))
    with pytest.raises(ValueError, match='several pts_path entries'):
        TeacherFeatureCache(
            _cache(tmp_path / 'dup.pth',
                   pts_path=['a/bed/train/x.off', 'b/bed/train/x.npy',
                             'c/bed/train/y.off'])).lookup(points)
