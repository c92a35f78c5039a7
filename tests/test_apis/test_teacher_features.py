"""extract_teacher_features: the cache of a split, read back by
the distiller's cache lookups; its progress output in a log file."""
import io
import os.path as osp
import sys

import numpy as np
import pytest
import torch
from _helpers import tiny_teacher_cfg
from mmengine.dataset import pseudo_collate

from mmdet3d.registry import DATASETS, MODELS
from pointcmt.apis import extract_teacher_features
from pointcmt.models import TeacherFeatureCache
from pointcmt.structures import PointClsDataSample

TEACHER = tiny_teacher_cfg(
    num_classes=2,
    data_preprocessor=dict(
        type='PointClsDataPreprocessor', img_mean=[0.5] * 3,
        img_std=[0.5] * 3))
PIPELINE = [
    dict(type='LoadPointsFromShapeFile'),
    dict(type='SamplePoints', num_points=32, method='first'),
    dict(type='NormalizePointsToUnitSphere'),
    dict(
        type='RenderMultiView',
        views=dict(azimuths=[0, 90], elevations=[0, 0]),
        image_size=16),
    dict(type='PackPointClsInputs'),
]
CONFIG = f"""
default_scope = 'mmdet3d'
model = {TEACHER!r}
_pipeline = {PIPELINE!r}
train_dataloader = dict(
    batch_size=2,
    dataset=dict(type='ModelNetDataset', data_root=DATA_ROOT,
                 split='trainval', pipeline=[dict(type='ShufflePoints')]))
test_dataloader = dict(
    batch_size=2,
    dataset=dict(type='ModelNetDataset', data_root=DATA_ROOT, split='test',
                 pipeline=_pipeline))
"""


@pytest.fixture(scope='module')
def setup(tmp_path_factory):
    """Tiny ModelNet-style folder (2 classes x 3 train / 1 test shapes),
    a teacher checkpoint and a config."""
    root = tmp_path_factory.mktemp('extract')
    rng = np.random.default_rng(0)
    for name in ('chair', 'desk'):
        for split, count in (('train', 3), ('test', 1)):
            folder = root / 'data' / name / split
            folder.mkdir(parents=True)
            for i in range(count):
                np.save(folder / f'{name}_{i}.npy',
                        rng.normal(size=(40, 3)).astype(np.float32))
    torch.manual_seed(0)
    teacher = MODELS.build(TEACHER).eval()
    ckpt = str(root / 'teacher.pth')
    torch.save(dict(state_dict=teacher.state_dict(), meta=dict()), ckpt)
    config = root / 'teacher_cfg.py'
    config.write_text(f'DATA_ROOT = {str(root / "data")!r}\n' + CONFIG)
    return root, teacher, ckpt, str(config)


def test_writes_features_of_the_split(setup, monkeypatch):
    root, teacher, ckpt, config = setup
    out = str(root / 'feat_train.pth')
    log = io.StringIO()  # a log file: not a terminal
    monkeypatch.setattr(sys, 'stderr', log)
    assert extract_teacher_features(
        config, ckpt, out, split='train', batch_size=4,
        device='cpu') == dict(file=out, count=6, channels=64)
    # the progress reads well in a log: whole lines, no carriage return
    assert '\r' not in log.getvalue()
    lines = log.getvalue().splitlines()
    assert 2 <= len(lines) <= 4 and '6/6' in lines[-1]
    assert all(line.startswith('teacher features: ') for line in lines)
    cache = torch.load(out, weights_only=True)
    assert cache['features'].shape == (6, 64)
    assert cache['sample_idx'].tolist() == list(range(6))
    assert cache['labels'].tolist() == [0, 0, 0, 1, 1, 1]
    meta = cache['meta']
    assert meta['split'] == 'train' and meta['count'] == 6
    assert meta['dataset'] == 'ModelNetDataset'
    assert meta['teacher_ckpt'] == osp.abspath(ckpt)
    assert len(meta['teacher_ckpt_sha256']) == 64
    assert meta['views'][0]['type'] == 'RenderMultiView'
    # Same features as the teacher on the un-augmented test pipeline.
    dataset = DATASETS.build(
        dict(
            type='ModelNetDataset',
            data_root=str(root / 'data'),
            split='trainval',
            pipeline=PIPELINE))
    data = teacher.data_preprocessor(
        pseudo_collate([dataset[i] for i in range(6)]))
    with torch.no_grad():
        expected = teacher.extract_feat(data['inputs'])
    torch.testing.assert_close(cache['features'], expected)

    # A distiller's cache finds each sample by its shape, in any order.
    load = TeacherFeatureCache(out)

    def sample(pts_path, label):
        return PointClsDataSample(
            metainfo=dict(pts_path=pts_path)).set_gt_label(label)

    infos = [dataset.get_data_info(i) for i in (5, 0, 3)]
    got = load.lookup([sample(i['pts_path'], i['gt_label']) for i in infos])
    torch.testing.assert_close(got, expected[[5, 0, 3]], rtol=1e-6, atol=0)
    assert got.dtype == torch.float32

    # A sample of another split is rejected, naming cache and sample.
    test_path = str(root / 'data' / 'chair' / 'test' / 'chair_0.npy')
    with pytest.raises(ValueError, match='not in the cache .*feat_train'):
        load.lookup([sample(test_path, 0)])
    info = dataset.get_data_info(0)
    with pytest.raises(ValueError, match='gt_label 1 .*stores label 0'):
        load.lookup([sample(info['pts_path'], 1)])
    with pytest.raises(ValueError, match='keyed by pts_path'):
        load.lookup([PointClsDataSample(metainfo=dict(sample_idx=0))])
