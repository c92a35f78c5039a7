"""configs/cls_pointnet2-ssg_own-folder.py on a tiny folder of every format.
"""
import os.path as osp

import numpy as np
import trimesh
from mmengine.config import Config

from _helpers import train_config_one_step
from mmdet3d.registry import DATASETS

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIG = 'configs/cls_pointnet2-ssg_own-folder.py'
SUFFIXES = ('.npy', '.txt', '.off', '.ply', '.pcd')


def _write_shape(path: str, rng: np.random.Generator) -> None:
    suffix = osp.splitext(path)[1]
    points = rng.normal(size=(1024, 3))
    if suffix == '.npy':
        np.save(path, points.astype(np.float32))
    elif suffix == '.txt':  # xyz + normals, as modelnet40_normal_resampled
        normals = points / np.linalg.norm(points, axis=1, keepdims=True)
        np.savetxt(path, np.hstack([points, normals]), delimiter=',',
                   fmt='%.6f')
    elif suffix in ('.off', '.ply'):  # meshes, sampled by area
        trimesh.creation.box(extents=rng.uniform(0.5, 2, 3)).export(path)
    else:
        header = ('# .PCD v0.7\nVERSION 0.7\nFIELDS x y z\nSIZE 4 4 4\n'
                  'TYPE F F F\nCOUNT 1 1 1\nWIDTH 1024\nHEIGHT 1\n'
                  'VIEWPOINT 0 0 0 1 0 0 0\nPOINTS 1024\nDATA ascii\n')
        body = '\n'.join(' '.join(f'{v:.6f}' for v in p) for p in points)
        with open(path, 'w') as f:
            f.write(header + body + '\n')


def _write_folder(root, classes, num_train: int = 3) -> None:
    """``root/<class>/<train|test>/`` with the formats taking turns."""
    rng = np.random.default_rng(0)
    turn = 0
    for name in classes:
        for split, num in (('train', num_train), ('test', 1)):
            folder = root / name / split
            folder.mkdir(parents=True)
            for i in range(num):
                suffix = SUFFIXES[turn % len(SUFFIXES)]
                turn += 1
                _write_shape(str(folder / f'{name}_{i:04d}{suffix}'), rng)


def test_defaults_point_at_data_my_shapes():
    cfg = Config.fromfile(osp.join(REPO, CONFIG))
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        dataset = cfg[key].dataset
        assert dataset.type == 'ModelNetDataset'
        assert dataset.data_root == 'data/my_shapes/'
        assert tuple(dataset.classes) == tuple(cfg.class_names)
        assert dataset.pipeline[0] == dict(
            type='LoadPointsFromShapeFile', use_dims=[0, 1, 2])
    assert cfg.model.head.num_classes == len(cfg.class_names)


def test_own_folder_trains_and_validates(tmp_path):
    cfg = Config.fromfile(osp.join(REPO, CONFIG))
    root = tmp_path / 'my_shapes'
    _write_folder(root, cfg.class_names)
    sizes = {}
    for split in ('train', 'val', 'test'):
        dataset = DATASETS.build(
            dict(cfg[f'{split}_dataloader'].dataset, data_root=str(root)))
        assert dataset.metainfo['classes'] == tuple(cfg.class_names)
        for i in range(len(dataset)):
            info = dataset.get_data_info(i)
            folder = osp.basename(osp.dirname(osp.dirname(info['pts_path'])))
            assert folder == cfg.class_names[info['gt_label']]
            sample = dataset[i]
            # normals of .txt files dropped, meshes sampled, all resized
            assert tuple(sample['inputs']['points'].shape) == (
                cfg.sample_1024.num_points, 3)
        sizes[split] = len(dataset)
    # 'val' carves one of the three train shapes of each class
    num_classes = len(cfg.class_names)
    assert sizes == dict(train=2 * num_classes, val=num_classes,
                         test=num_classes)
    train_config_one_step(osp.join(REPO, CONFIG), tmp_path, str(root))
