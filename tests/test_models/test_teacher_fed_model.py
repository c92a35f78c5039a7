"""TeacherFedModel: the frozen teacher and the features of a batch, online
or from a cache file, through its Stage II subclass."""
import pytest
import torch
from _helpers import tiny_teacher_cfg

import pointcmt  # noqa: F401
from mmdet3d.registry import MODELS
from pointcmt.models import TeacherFedModel, save_teacher_feature_cache
from pointcmt.structures import PointClsDataSample

GENERATOR = dict(type='CMPG', in_channels=64, num_points=16)


def build(**kwargs) -> TeacherFedModel:
    return MODELS.build(
        dict(type='CMPGPretrainModel', generator=GENERATOR, **kwargs))


def test_cached_features_are_looked_up_and_checked(tmp_path):
    path = str(tmp_path / 'feats.pth')
    feats = torch.rand(3, 64)
    save_teacher_feature_cache(path, feats, torch.arange(3),
                               torch.full((3, ), -1), None, {})
    model = build(teacher_feats=path)
    assert model.teacher is None
    samples = [PointClsDataSample(metainfo=dict(sample_idx=i)) for i in (2, 0)]
    inputs = dict(points=torch.rand(2, 16, 3))
    out = model.teacher_feat(inputs, samples, channels=64)
    assert not out.requires_grad
    torch.testing.assert_close(out, feats[[2, 0]])
    with pytest.raises(ValueError, match=r'CMPGPretrainModel.*\(B, 32\)'):
        model.teacher_feat(inputs, samples, channels=32)
    with pytest.raises(ValueError, match='feats.pth.*data_samples'):
        model.teacher_feat(inputs, None, channels=64)


def test_online_features_come_from_the_frozen_teacher(tmp_path):
    teacher_cfg = tiny_teacher_cfg(num_classes=2)
    ckpt = str(tmp_path / 'teacher.pth')
    torch.manual_seed(0)
    torch.save(dict(state_dict=MODELS.build(teacher_cfg).state_dict()), ckpt)
    model = build(teacher=teacher_cfg, teacher_ckpt=ckpt)
    inputs = dict(imgs=torch.rand(2, 2, 3, 16, 16))
    feat = model.teacher_feat(inputs, None, channels=64)
    torch.testing.assert_close(feat, model.teacher.extract_feat(inputs))
    assert not any(p.requires_grad for p in model.teacher.parameters())
    assert not any(k.startswith('teacher') for k in model.state_dict())


def test_missing_teacher_names_the_model():
    with pytest.raises(ValueError, match='CMPGPretrainModel: online teacher '
                       'features need a teacher config'):
        build()
