"""Every config builds and runs one training step on tiny data."""
import glob
import os.path as osp

import numpy as np
import pytest
import torch
from _helpers import REPO, train_config_one_step
from mmengine.config import Config

from mmdet3d.registry import DATASETS

CONFIGS = sorted(
    osp.relpath(p, REPO) for p in glob.glob(osp.join(REPO, 'configs/*.py')))


@pytest.fixture(scope='module')
def modelnet_root(tmp_path_factory) -> str:
    """Three classes x two shapes per split in the ModelNet folder layout."""
    root = tmp_path_factory.mktemp('modelnet')
    rng = np.random.default_rng(0)
    for cls in ('airplane', 'bed', 'chair'):
        for split in ('train', 'test'):
            folder = root / cls / split
            folder.mkdir(parents=True)
            for i in range(2):
                pts = rng.normal(size=(1024, 3)).astype(np.float32)
                np.save(folder / f'{cls}_{split}_{i:04d}.npy', pts)
    return str(root)


# Configs whose data is not point files alone (OFF meshes; images): their
# one-step tests build their own folders, in test_teacher_view_configs.py
# (and test_scanobjectnn_configs.py for the h5 files of ScanObjectNN).
OWN_DATA = ('configs/teacher_mvcnn-resnet18_mesh20_modelnet40.py',
            'configs/teacher_mvcnn-resnet18_official-images_modelnet40.py',
            'configs/cmpg_modelnet40.py',
            'configs/cmpg_official-images_modelnet40.py')


@pytest.mark.parametrize(
    'config',
    [c for c in CONFIGS if c not in OWN_DATA and 'scanobjectnn' not in c])
def test_config_trains_one_step(config, tmp_path, modelnet_root):
    train_config_one_step(osp.join(REPO, config), tmp_path, modelnet_root)


@pytest.mark.parametrize('config', CONFIGS)
def test_config_dumps_to_the_same_config(config):
    """A config holds data only: its dump, which the runner writes to the
    work dir, loads to the same dict."""
    cfg = Config.fromfile(osp.join(REPO, config))
    dumped = Config.fromstring(cfg.pretty_text, '.py')
    assert dumped.to_dict() == cfg.to_dict()


def test_synthetic_teacher_sees_the_clean_mesh():
    """The embedded teacher's views (Stage I, and Stage II / the feature
    cache through its test pipeline) are renderings of the sample's clean
    mesh: degrading the students' points leaves them unchanged."""
    cfg = Config.fromfile(
        osp.join(REPO, 'configs/teacher_mvcnn-resnet18_synthetic.py'))
    clean = dict(noise_std=0, occlusion_prob=0, outlier_ratio=0)
    for key in ('train_dataloader', 'test_dataloader'):
        dataset = dict(cfg[key].dataset, num_samples_per_class=1)
        assert dataset['occlusion_prob'] > 0 and dataset['noise_std'] > 0
        degraded, ref = (
            DATASETS.build(dict(dataset, **extra)) for extra in ({}, clean))
        for idx in (0, 8):  # a sphere, a table
            inputs, ref_inputs = degraded[idx]['inputs'], ref[idx]['inputs']
            assert inputs['imgs'].shape == (6, 3, 32, 32)
            torch.testing.assert_close(inputs['imgs'], ref_inputs['imgs'])
            assert not torch.allclose(inputs['points'], ref_inputs['points'])
