"""Tiny models and frozen checkpoints shared by the distiller tests."""
import pytest
import torch
from _helpers import tiny_teacher_cfg

import pointcmt  # noqa: F401
from mmdet3d.registry import MODELS

NUM_CLASSES = 2
TEACHER = tiny_teacher_cfg(num_classes=NUM_CLASSES)
GENERATOR = dict(type='CMPG', in_channels=64, num_points=32)


def student_cfg(width=64):
    return dict(
        type='PointClassifier',
        backbone=dict(type='PointNetBackbone', channels=(16, 32)),
        neck=dict(type='GlobalPoolNeck'),
        head=dict(
            type='PointClsHead',
            num_classes=NUM_CLASSES,
            in_channels=32,
            hidden_channels=(width, ),
            dropout=0.0))


@pytest.fixture(scope='session')
def cfgs():
    """The tiny configs: ``teacher``, ``generator``, ``student(width)``."""
    return dict(teacher=TEACHER, generator=GENERATOR, student=student_cfg)


@pytest.fixture(scope='session')
def frozen_ckpts(tmp_path_factory):
    """A Stage I teacher checkpoint and a Stage II checkpoint (keys
    ``generator.*``, written from a real ``CMPGPretrainModel``)."""
    root = tmp_path_factory.mktemp('frozen')
    torch.manual_seed(1)
    teacher = MODELS.build(TEACHER)
    stage2 = MODELS.build(
        dict(
            type='CMPGPretrainModel',
            generator=GENERATOR,
            teacher_feat_source='cached'))
    paths = dict(
        teacher=str(root / 'teacher.pth'), generator=str(root / 'stage2.pth'))
    torch.save(
        dict(state_dict=teacher.state_dict(), meta={}), paths['teacher'])
    torch.save(
        dict(state_dict=stage2.state_dict(), meta={}), paths['generator'])
    return paths


@pytest.fixture
def build_distiller(frozen_ckpts):
    """``build_distiller(**overrides)`` -> a seeded tiny distiller."""

    def build(width=64, **kwargs):
        cfg = dict(
            type='CrossModalDistiller',
            student=student_cfg(width),
            teacher=TEACHER,
            teacher_ckpt=frozen_ckpts['teacher'],
            generator=GENERATOR,
            generator_ckpt=frozen_ckpts['generator'])
        cfg.update(kwargs)
        torch.manual_seed(0)
        return MODELS.build(cfg)

    return build


@pytest.fixture
def batch():
    """Inputs ``points (2, 32, 3)``, ``imgs (2, 2, 3, 16, 16)`` + samples."""
    from pointcmt.structures import PointClsDataSample
    gen = torch.Generator().manual_seed(0)
    inputs = dict(
        points=torch.rand(2, 32, 3, generator=gen) * 2 - 1,
        imgs=torch.rand(2, 2, 3, 16, 16, generator=gen))
    samples = [PointClsDataSample().set_gt_label(i) for i in (0, 1)]
    return inputs, samples
