"""The ScanObjectNN configs: PointMLP's published protocol at full scale,
every config training one step on tiny h5 files in the official layout, and
the OBJ_BG / OBJ_ONLY variants by the datasets' ``variant``."""
import glob
import os.path as osp

import pytest
import torch
from _helpers import (REPO, check_one_step, wire_stage3_inputs,
                      write_teacher_ckpt)
from _helpers.shape_sources import make_scanobjectnn
from mmengine.config import Config

from mmdet3d.registry import DATASETS
from pointcmt.datasets import SCANOBJECTNN_VARIANTS

CONFIGS = sorted(
    osp.basename(p)
    for p in glob.glob(osp.join(REPO, 'configs', '*_scanobjectnn.py')))
LOADERS = ('train_dataloader', 'val_dataloader', 'test_dataloader')


def load(name: str) -> Config:
    return Config.fromfile(osp.join(REPO, 'configs', name))


@pytest.fixture(scope='module')
def h5_root(tmp_path_factory) -> str:
    """Every variant's training (30 rows) and test (15 rows) file, 16
    points a row, labels cycling over the 15 classes."""
    return str(make_scanobjectnn(tmp_path_factory.mktemp('h5_files')))


def test_the_expected_configs_exist():
    """Teacher, CMPG, and cls / pointcmt / kd for three students at both
    scales."""
    students = dict(
        cls=('pointnet2-ssg', 'dgcnn', 'pointmlp'),
        pointcmt=('pointnet2', 'dgcnn', 'pointmlp'),
        kd=('pointnet2', 'dgcnn', 'pointmlp'))
    expected = set()
    for scale, elite in (('', ''), ('cpu_', '-elite')):
        expected |= {
            f'teacher_mvcnn-resnet18_{scale}scanobjectnn.py',
            f'cmpg_{scale}scanobjectnn.py'
        }
        expected |= {
            f'{method}_{name}{elite if name == "pointmlp" else ""}_'
            f'{scale}scanobjectnn.py'
            for method, names in students.items() for name in names
        }
    assert set(CONFIGS) == expected


def test_full_scale_students_follow_pointmlp_protocol():
    """ma-xu/pointMLP-pytorch classification_ScanObjectNN: main.py (batch
    32, drop_last, 200 epochs, SGD lr 0.01 momentum 0.9 weight decay 1e-4,
    cosine to lr / 100), ScanObjectNN.py (first 1024 points; scale
    [2/3, 3/2] and translation [-0.2, 0.2] per axis, shuffle), utils/misc.py
    (label smoothing 0.2); checkpoints selected on a carved val split."""
    students = [
        name for name in CONFIGS
        if name.startswith(('cls_', 'pointcmt_', 'kd_'))
        and '_cpu_' not in name
    ]
    assert len(students) == 9
    for name in students:
        cfg = load(name)
        student = cfg.model.get('student', cfg.model)
        assert student.head.num_classes == 15
        assert student.head.label_smoothing == 0.2
        assert cfg.optim_wrapper.optimizer == dict(
            type='SGD', lr=0.01, momentum=0.9, weight_decay=1e-4), name
        (cosine, ) = cfg.param_scheduler
        assert cosine.type == 'CosineAnnealingLR' and cosine.by_epoch
        assert (cosine.T_max, cosine.end, cosine.eta_min) == (200, 200, 1e-4)
        assert cfg.train_cfg.max_epochs == 200
        loader = cfg.train_dataloader
        assert loader.batch_size == 32 and loader.drop_last
        assert loader.dataset.variant == 'PB_T50_RS'
        steps = loader.dataset.pipeline
        assert steps[0] == dict(
            type='SamplePoints', num_points=1024, method='first')
        assert steps[1] == dict(
            type='RandomScaleTranslatePoints',
            scale_range=(2. / 3., 3. / 2.),
            translate_range=(-0.2, 0.2))
        assert [s.type for s in steps[2:]
                ] == ['ShufflePoints', 'PackPointClsInputs']
        assert [s.type for s in cfg.test_dataloader.dataset.pipeline
                ] == ['SamplePoints', 'PackPointClsInputs']
        assert [cfg[key].dataset.split for key in LOADERS
                ] == ['train', 'val', 'test']


def tiny_config(name: str, data_root: str, tmp_path) -> Config:
    """``name`` on the tiny h5 folder, 16-px views, with fake Stage I/II
    inputs written to ``tmp_path``."""
    cfg = load(name)
    for key in LOADERS:
        cfg[key].dataset.data_root = data_root
        for step in cfg[key].dataset.pipeline:
            if step.type == 'RenderMultiView':
                step.image_size = 16
    model = cfg.model
    if model.get('data_preprocessor', {}).get('render_cfg'):
        model.data_preprocessor.render_cfg.image_size = 16
    if model.type == 'CMPGPretrainModel':
        model.teacher_ckpt = write_teacher_ckpt(model.teacher,
                                                str(tmp_path / 'teacher.pth'))
    if model.type == 'CrossModalDistiller':
        wire_stage3_inputs(cfg, tmp_path)
    return cfg


@pytest.mark.parametrize('name', CONFIGS)
def test_config_trains_one_step(name, h5_root, tmp_path):
    cfg = tiny_config(name, h5_root, tmp_path)
    dataset = check_one_step(cfg, name)
    assert dataset.metainfo['variant'] == 'PB_T50_RS'
    assert len(dataset.metainfo['classes']) == 15
    head = (cfg.model.student if 'student' in cfg.model else
            cfg.model).get('head')
    assert cfg.model.type == 'CMPGPretrainModel' or (
        head.num_classes if head else cfg.model.num_classes) == 15


@pytest.mark.parametrize('variant', ['OBJ_BG', 'OBJ_ONLY'])
def test_variant_by_the_datasets_variant(variant, h5_root):
    """The override of datasets/scanobjectnn.py's comment reads the
    variant's files (the fixture gives each its own values)."""
    cfg = load('cls_pointnet2-ssg_scanobjectnn.py')
    cfg.merge_from_dict({
        f'{key}.dataset.{field}': value
        for key in LOADERS
        for field, value in (('variant', variant), ('data_root', h5_root))
    })
    folder, name = SCANOBJECTNN_VARIANTS[variant]
    for key, prefix, rows in (('train_dataloader', 'training', 15),
                              ('test_dataloader', 'test', 15)):
        dataset = DATASETS.build(cfg[key].dataset)
        assert dataset.metainfo['variant'] == variant
        assert len(dataset) == rows
        info = dataset.get_data_info(0)
        assert info['h5_path'] == osp.join(h5_root, folder,
                                           f'{prefix}_{name}')
        sample = dataset[0]
        points = sample['inputs']['points']
        assert points.shape == (1024, 3)
        if key == 'test_dataloader':
            # The first 1024 of 16 points: the 16, then cyclic repeats.
            torch.testing.assert_close(points[:16],
                                       torch.from_numpy(info['points']))
        assert sample['data_samples'].gt_label.item() == info['gt_label']
