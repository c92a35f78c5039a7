"""Tiny models, frozen checkpoints and a feature cache shared by the
distiller tests."""
import os.path as osp

import pytest
import torch
from _helpers import REPO, tiny_teacher_cfg
from mmengine.config import Config

import pointcmt  # noqa: F401
from mmdet3d.registry import MODELS
from pointcmt.models import file_sha256, save_teacher_feature_cache
from pointcmt.structures import PointClsDataSample

NUM_CLASSES = 2
TEACHER = tiny_teacher_cfg(num_classes=NUM_CLASSES)
GENERATOR = dict(type='CMPG', in_channels=64, num_points=32)
#: The loss terms the configs ship: the paper's, and logit distillation.
TERMS = Config.fromfile(osp.join(REPO, 'configs/_base_/distill/terms.py'))
PAPER_FE = TERMS.paper_fe.to_dict()
PAPER_CE = TERMS.paper_ce.to_dict()
KD = TERMS.kd.to_dict()


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
            teacher_feats='unused.pth'))
    paths = dict(
        teacher=str(root / 'teacher.pth'), generator=str(root / 'stage2.pth'))
    torch.save(
        dict(state_dict=teacher.state_dict(), meta={}), paths['teacher'])
    torch.save(
        dict(state_dict=stage2.state_dict(), meta={}), paths['generator'])
    return paths


@pytest.fixture
def build_distiller(frozen_ckpts):
    """``build_distiller(**overrides)`` -> a seeded tiny distiller with the
    paper's terms (``loss_fe``, ``loss_ce``) and an online teacher."""

    def build(width=64, **kwargs):
        cfg = dict(
            type='CrossModalDistiller',
            student=student_cfg(width),
            teacher=TEACHER,
            teacher_ckpt=frozen_ckpts['teacher'],
            generator=GENERATOR,
            generator_ckpt=frozen_ckpts['generator'],
            loss_fe=PAPER_FE,
            loss_ce=PAPER_CE)
        cfg.update(kwargs)
        torch.manual_seed(0)
        return MODELS.build(cfg)

    return build


@pytest.fixture
def batch():
    """Inputs ``points (2, 32, 3)``, ``imgs (2, 2, 3, 16, 16)`` + samples
    (labels 0, 1; ``sample_idx`` 0, 1)."""
    gen = torch.Generator().manual_seed(0)
    inputs = dict(
        points=torch.rand(2, 32, 3, generator=gen) * 2 - 1,
        imgs=torch.rand(2, 2, 3, 16, 16, generator=gen))
    samples = [
        PointClsDataSample(metainfo=dict(sample_idx=i)).set_gt_label(i)
        for i in (0, 1)
    ]
    return inputs, samples


@pytest.fixture
def feature_cache(frozen_ckpts, batch, tmp_path):
    """A cache of the frozen teacher's features of ``batch`` (keyed by
    ``sample_idx``, recorded as extracted with the teacher checkpoint)."""
    teacher = MODELS.build(TEACHER)
    teacher.load_state_dict(torch.load(frozen_ckpts['teacher'])['state_dict'])
    with torch.no_grad():
        feats = teacher.eval().extract_feat(batch[0])
    path = str(tmp_path / 'feats.pth')
    save_teacher_feature_cache(
        path, feats, torch.tensor([0, 1]), torch.tensor([0, 1]), None,
        dict(teacher_ckpt_sha256=file_sha256(frozen_ckpts['teacher'])))
    return path
