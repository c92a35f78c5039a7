"""The paper-style teacher configs (20 mesh renderings; the official
images) and their Stage II configs build on tiny folders in their layouts,
take ImageNet weights from a local file (Stage I), and train one step; views
shrunk to 2 of 32 px for speed."""
import os.path as osp

import mmcv
import numpy as np
import pytest
import torch
import trimesh
from _helpers import REPO, write_teacher_ckpt
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.optim import build_optim_wrapper

from mmdet3d.registry import DATASETS, MODELS

CLASSES = ('bed', 'chair', 'sofa')
SPLITS = ('train', 'test')
TWO_VIEWS = dict(azimuths=[0, 90], elevations=[30, 30])


def config(name):
    cfg = Config.fromfile(osp.join(REPO, 'configs', name))
    assert cfg.model.backbone.init_cfg == dict(
        type='Pretrained', checkpoint='torchvision://resnet18')
    assert cfg.optim_wrapper.accumulative_counts == 4
    assert cfg.optim_wrapper.optimizer == dict(
        type='Adam', lr=1e-3, weight_decay=1e-4)
    assert cfg.train_cfg.max_epochs == 50 and cfg.param_scheduler == []
    assert cfg.train_dataloader.batch_size == 32
    return cfg


def view_step(cfg, step_type):
    """Every split's pipeline step of ``step_type`` (the same dict)."""
    steps = [
        step for key in ('train', 'val', 'test')
        for step in cfg[f'{key}_dataloader'].dataset.pipeline
        if step.type == step_type
    ]
    assert len(steps) == 3
    return steps


def imagenet_file(cfg, path):
    """A torchvision-format ResNet-18 file (the backbone's key names, as
    tests/test_models/test_teachers/test_pretrained_init.py checks) with
    seeded values; the init is pointed at it."""
    backbone = MODELS.build(cfg.model.backbone)
    torch.manual_seed(1)
    weights = {
        key: torch.randn(value.shape) if value.is_floating_point() else value
        for key, value in backbone.state_dict().items()
    }
    torch.save(weights, path)
    cfg.merge_from_dict({'model.backbone.init_cfg.checkpoint': str(path)})
    return weights


def train_one_step(cfg, weights, num_classes):
    for key in ('train', 'val', 'test'):
        assert cfg[f'{key}_dataloader'].dataset.split == key
    cfg.model.num_classes = num_classes
    model = MODELS.build(cfg.model)
    model.init_weights()
    for key, value in model.backbone.state_dict().items():
        torch.testing.assert_close(value, weights[key], msg=key)
    dataset = DATASETS.build(cfg.train_dataloader.dataset)
    batch = pseudo_collate([dataset[0], dataset[1]])
    assert batch['inputs']['imgs'][0].shape == (2, 3, 32, 32)
    optim_wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    losses = model.train_step(batch, optim_wrapper)
    assert torch.isfinite(losses['loss_cls'])
    test_set = DATASETS.build(cfg.test_dataloader.dataset)
    model.eval()
    (out, ) = model.val_step(pseudo_collate([test_set[0]]))
    assert out.pred_score.shape == (num_classes, )


def mesh_folder(cfg, tmp_path):
    """Two OFF boxes per class and split in the official layout, the
    config's data at it, its renderer at 2 views of 32 px."""
    root = tmp_path / 'ModelNet40'
    for label, cls in enumerate(CLASSES):
        for split in SPLITS:
            (root / cls / split).mkdir(parents=True)
            for i in range(2):
                trimesh.creation.box(extents=(1, 1 + label, 1 + i)).export(
                    root / cls / split / f'{cls}_{i + 1:04d}.off')
    for render in view_step(cfg, 'RenderMeshViews'):
        render.update(
            views=TWO_VIEWS, image_size=32, cache_dir=str(tmp_path / 'c'))
    for key in ('train', 'val', 'test'):
        cfg[f'{key}_dataloader'].dataset.data_root = str(root)


def image_folders(cfg, tmp_path):
    """Point files and two views each in the official layouts, the config's
    data at them, its image loader at 2 views of 32 px."""
    rng = np.random.default_rng(0)
    for cls in CLASSES:
        for split in SPLITS:
            for i in range(2):
                name = f'{cls}_{i + 1:04d}'
                folder = tmp_path / 'points' / cls / split
                folder.mkdir(parents=True, exist_ok=True)
                np.save(folder / f'{name}.npy',
                        rng.normal(size=(64, 3)).astype(np.float32))
                for view in (1, 2):
                    mmcv.imwrite(
                        rng.integers(0, 256, (48, 48, 3), np.uint8),
                        str(tmp_path / 'images' / cls / split /
                            f'{name}_{view:03d}.png'))
    for load in view_step(cfg, 'LoadMultiViewImages'):
        load.update(
            img_root=str(tmp_path / 'images'), num_views=2, image_size=32)
    for key in ('train', 'val', 'test'):
        cfg[f'{key}_dataloader'].dataset.data_root = str(tmp_path / 'points')


def test_mesh20_config(tmp_path):
    cfg = config('teacher_mvcnn-resnet18_mesh20_modelnet40.py')
    render = view_step(cfg, 'RenderMeshViews')[0]
    assert (render.views, render.image_size, render.mode) == (
        'dodecahedron20', 224, 'shaded')
    mesh_folder(cfg, tmp_path)
    weights = imagenet_file(cfg, tmp_path / 'resnet18.pth')
    train_one_step(cfg, weights, len(CLASSES))
    # Train and test renderings went to the cache, one file per mesh.
    assert len(list((tmp_path / 'c').glob('*.npz'))) == 3


def test_official_images_config(tmp_path):
    cfg = config('teacher_mvcnn-resnet18_official-images_modelnet40.py')
    load = view_step(cfg, 'LoadMultiViewImages')[0]
    assert (load.num_views, load.image_size) == (20, 224)
    image_folders(cfg, tmp_path)
    weights = imagenet_file(cfg, tmp_path / 'resnet18.pth')
    train_one_step(cfg, weights, len(CLASSES))
    # The 20 official views are required: 2 files fail, naming the third.
    for load in view_step(cfg, 'LoadMultiViewImages'):
        load.num_views = 20
    test_set = DATASETS.build(cfg.test_dataloader.dataset)
    with pytest.raises(FileNotFoundError, match='bed_0001_003.png'):
        test_set[0]


@pytest.mark.parametrize('name, folders', [
    ('cmpg_modelnet40.py', mesh_folder),
    ('cmpg_official-images_modelnet40.py', image_folders),
])
def test_stage2_on_the_paper_teachers(name, folders, tmp_path):
    """Stage II runs its teacher online on that teacher's views: one step
    trains the CMPG (and only it) on the EMD to the shape's points."""
    cfg = Config.fromfile(osp.join(REPO, 'configs', name))
    assert cfg.model.generator.num_points == 1024
    folders(cfg, tmp_path)
    cfg.model.teacher_ckpt = write_teacher_ckpt(
        cfg.model.teacher, str(tmp_path / 'teacher.pth'))
    model = MODELS.build(cfg.model)
    dataset = DATASETS.build(cfg.train_dataloader.dataset)
    batch = pseudo_collate([dataset[0], dataset[1]])
    before = [p.detach().clone() for p in model.generator.parameters()]
    losses = model.train_step(batch,
                              build_optim_wrapper(model, cfg.optim_wrapper))
    assert {k for k in losses if k.startswith('loss_')} == {'loss_emd'}
    assert torch.isfinite(losses['loss_emd'])
    assert all(not torch.equal(b, p)
               for b, p in zip(before, model.generator.parameters()))
