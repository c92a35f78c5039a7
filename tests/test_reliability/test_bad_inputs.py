"""Bad inputs not covered elsewhere; the whole matrix is docs/bad_inputs.md."""
import os.path as osp
import subprocess
import sys

import numpy as np
import pytest
from _helpers import REPO, cpu_env
from mmengine.config import Config

from mmdet3d.registry import MODELS, TRANSFORMS
from pointcmt.models import TeacherFeatureCache
from pointcmt.structures import PointClsDataSample

CORRUPT = b'PK\x03\x04 not a checkpoint'


@pytest.mark.parametrize('transform', [
    dict(type='SamplePoints', num_points=4),
    dict(type='NormalizePointsToUnitSphere'),
    dict(type='RandomScaleTranslatePoints'),
    dict(type='RenderMultiView', image_size=8),
    dict(type='PackPointClsInputs'),
])
def test_inf_coordinates_rejected_naming_the_file(transform):
    points = np.random.default_rng(0).random((8, 3)).astype(np.float32)
    points[2, 0] = np.inf
    with pytest.raises(ValueError, match=r"'chair_3\.npy'.*NaN/Inf"):
        TRANSFORMS.build(transform)(dict(points=points,
                                         pts_path='chair_3.npy'))


@pytest.mark.parametrize('transform', [
    dict(type='SamplePoints', num_points=4),
    dict(type='RenderMultiView', image_size=8),
])
def test_empty_point_set_rejected_naming_the_file(transform):
    with pytest.raises(ValueError, match=r"'chair_3\.npy'.*non-empty"):
        TRANSFORMS.build(transform)(
            dict(points=np.zeros((0, 3), np.float32),
                 pts_path='chair_3.npy'))


def test_registry_typo_in_config_names_the_type(tmp_path):
    proc = subprocess.run([
        sys.executable, 'tools/train.py',
        'configs/cls_pointnet2-ssg_synthetic.py', '--work-dir',
        str(tmp_path), '--cfg-options', 'model.backbone.type=PointNet2SASSGG'
    ], cwd=REPO, env=cpu_env(), capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    assert "KeyError: 'PointNet2SASSGG is not in the mmdet3d::model " \
        'registry' in proc.stderr, proc.stderr[-3000:]
    assert not list(tmp_path.glob('*.pth'))


def test_stage2_missing_teacher_checkpoint(tmp_path):
    cfg = Config.fromfile(osp.join(REPO, 'configs/cmpg_synthetic.py'))
    missing = str(tmp_path / 'no_teacher.pth')
    with pytest.raises(FileNotFoundError,
                       match=r"teacher_ckpt.*no_teacher\.pth"):
        MODELS.build(dict(cfg.model, teacher_ckpt=missing))


def test_truncated_feature_cache_names_the_file(tmp_path):
    bad = tmp_path / 'feats.pth'
    bad.write_bytes(CORRUPT)
    with pytest.raises(ValueError,
                       match=r'cannot read cache file .*feats\.pth'):
        TeacherFeatureCache(str(bad)).lookup(
            [PointClsDataSample(metainfo=dict(sample_idx=0))])


def test_truncated_teacher_checkpoint_names_the_file(tmp_path):
    cfg = Config.fromfile(osp.join(REPO, 'configs/cmpg_synthetic.py'))
    bad = tmp_path / 'teacher.pth'
    bad.write_bytes(CORRUPT)
    with pytest.raises(ValueError, match=r'teacher_ckpt.*teacher\.pth'):
        MODELS.build(dict(cfg.model, teacher_ckpt=str(bad)))
