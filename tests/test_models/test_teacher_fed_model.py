"""TeacherFedModel: the source check, the frozen teacher and the features of
a batch, through its Stage II subclass."""
import pytest
import torch
from _helpers import tiny_teacher_cfg

import pointcmt  # noqa: F401
from mmdet3d.registry import MODELS
from pointcmt.models import TEACHER_FEAT_SOURCES, TeacherFedModel

GENERATOR = dict(type='CMPG', in_channels=64, num_points=16)


def build(**kwargs) -> TeacherFedModel:
    return MODELS.build(
        dict(type='CMPGPretrainModel', generator=GENERATOR, **kwargs))


def test_cached_features_are_detached_and_checked():
    model = build(teacher_feat_source='cached')
    assert model.teacher is None
    feat = torch.rand(2, 64, requires_grad=True)
    out = model.teacher_feat(dict(teacher_feat=feat), channels=64)
    assert not out.requires_grad
    torch.testing.assert_close(out, feat.detach())
    with pytest.raises(KeyError,
                       match='CMPGPretrainModel.*LoadTeacherFeature'):
        model.teacher_feat(dict(points=torch.rand(2, 16, 3)), channels=64)
    with pytest.raises(ValueError, match=r'CMPGPretrainModel.*\(B, 32\)'):
        model.teacher_feat(dict(teacher_feat=feat), channels=32)


def test_online_features_come_from_the_frozen_teacher(tmp_path):
    teacher_cfg = tiny_teacher_cfg(num_classes=2)
    ckpt = str(tmp_path / 'teacher.pth')
    torch.manual_seed(0)
    torch.save(dict(state_dict=MODELS.build(teacher_cfg).state_dict()), ckpt)
    model = build(teacher=teacher_cfg, teacher_ckpt=ckpt)
    inputs = dict(imgs=torch.rand(2, 2, 3, 16, 16))
    feat = model.teacher_feat(inputs, channels=64)
    torch.testing.assert_close(feat, model.teacher.extract_feat(inputs))
    assert not any(p.requires_grad for p in model.teacher.parameters())
    assert not any(k.startswith('teacher') for k in model.state_dict())


def test_bad_source_and_missing_teacher_name_the_model():
    assert TEACHER_FEAT_SOURCES == ('online', 'cached')
    with pytest.raises(ValueError,
                       match="CMPGPretrainModel: teacher_feat_source .*'web'"):
        build(teacher_feat_source='web')
    with pytest.raises(ValueError, match='CMPGPretrainModel: online teacher '
                       'features need a teacher config'):
        build()
