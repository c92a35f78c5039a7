"""export_student: a distiller's student as a plain classifier."""
import os.path as osp

import pytest
import torch
from _helpers import tiny_teacher_cfg
from mmengine.runner import load_checkpoint

from mmdet3d.registry import MODELS
from pointcmt.apis import export_student
TEACHER = tiny_teacher_cfg(num_classes=2)
GENERATOR = dict(type='CMPG', in_channels=64, num_points=16)
STUDENT = dict(
    type='PointClassifier',
    backbone=dict(type='PointNetBackbone', channels=(16, 32)),
    neck=dict(type='GlobalPoolNeck'),
    head=dict(
        type='PointClsHead',
        num_classes=2,
        in_channels=32,
        hidden_channels=(48, ),
        dropout=0.0))


@pytest.fixture
def distiller_files(tmp_path):
    """A trained-looking distiller checkpoint (with adapter) + its config."""
    torch.manual_seed(0)
    teacher_ckpt = str(tmp_path / 'teacher.pth')
    generator_ckpt = str(tmp_path / 'cmpg.pth')
    torch.save(MODELS.build(TEACHER).state_dict(), teacher_ckpt)
    torch.save(MODELS.build(GENERATOR).state_dict(), generator_ckpt)
    model_cfg = dict(
        type='CrossModalDistiller',
        student=STUDENT,
        teacher=TEACHER,
        teacher_ckpt=teacher_ckpt,
        generator=GENERATOR,
        generator_ckpt=generator_ckpt,
        loss_fe=dict(type='EMDLoss', normalize='unit_box'))
    model = MODELS.build(model_cfg)
    # Move BN statistics away from their defaults.
    model.train()
    with torch.no_grad():
        model.student(dict(points=torch.randn(4, 16, 3) * 3), mode='tensor')
    ckpt = str(tmp_path / 'distiller.pth')
    torch.save(
        dict(
            meta=dict(epoch=3, seed=7),
            state_dict=model.state_dict(),
            optimizer=dict(state={}, param_groups=[])), ckpt)
    config = tmp_path / 'distiller_cfg.py'
    config.write_text(f"default_scope = 'mmdet3d'\nmodel = {model_cfg!r}\n")
    return model.eval(), ckpt, str(config)


def test_export_round_trip(distiller_files, tmp_path):
    model, ckpt, config = distiller_files
    assert any(k.startswith('adapter.') for k in model.state_dict())
    out = str(tmp_path / 'out' / 'student.pth')
    returned = export_student(config, ckpt, out)
    exported = torch.load(out, weights_only=False)
    assert set(returned['state_dict']) == set(exported['state_dict'])
    assert set(exported) == {'meta', 'state_dict'}
    assert exported['meta']['epoch'] == 3
    assert exported['meta']['exported_from'] == osp.abspath(ckpt)
    assert set(exported['state_dict']) == set(model.student.state_dict())

    plain = MODELS.build(STUDENT)
    load_checkpoint(plain, out, map_location='cpu', strict=True)
    plain.eval()
    points = dict(points=torch.randn(3, 16, 3))
    with torch.no_grad():
        expected = model(points, mode='predict')
        got = plain(points, mode='predict')
    for a, b in zip(expected, got):
        assert torch.equal(a.pred_label, b.pred_label)
        torch.testing.assert_close(a.pred_score, b.pred_score)


def test_export_errors(distiller_files, tmp_path):
    model, ckpt, config = distiller_files
    not_distiller = str(tmp_path / 'teacher_only.pth')
    torch.save(
        dict(state_dict=MODELS.build(TEACHER).state_dict()), not_distiller)
    with pytest.raises(ValueError, match="teacher_only.pth has no 'student.'"):
        export_student(config, not_distiller, str(tmp_path / 'x.pth'))
    # A student config that does not fit the weights: key named.
    with pytest.raises(ValueError, match=r'distiller.pth.*head.mlp.0.weight'):
        export_student(config, ckpt, str(tmp_path / 'y.pth'),
                       {'model.student.head.hidden_channels': [40]})
    with pytest.raises(FileNotFoundError, match='missing.pth'):
        export_student(config, str(tmp_path / 'missing.pth'),
                       str(tmp_path / 'z.pth'))
