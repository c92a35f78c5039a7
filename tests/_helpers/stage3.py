"""Fake Stage III inputs: random teacher and CMPG checkpoints and a
feature cache."""
import os.path as osp
from typing import List, Tuple

import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope

from mmdet3d.registry import DATASETS, MODELS
from pointcmt.models import file_sha256, save_teacher_feature_cache
from pointcmt_lab import stage3_cfg_options


def write_teacher_ckpt(teacher: dict, path: str) -> str:
    """Save a freshly built ``teacher`` model config's weights to ``path``
    (a Stage I checkpoint); returns ``path``."""
    torch.save(dict(state_dict=MODELS.build(teacher).state_dict()), path)
    return path


def write_stage3_inputs(cfg: Config, out_dir,
                        **dataset_overrides) -> Tuple[str, str, str]:
    """Write what a ``CrossModalDistiller`` config reads from disk.

    ``<out_dir>/teacher.pth`` holds a freshly built ``cfg.model.teacher``,
    ``<out_dir>/cmpg.pth`` a freshly built ``cfg.model.generator`` and
    ``<out_dir>/feats.pth`` random teacher features of every sample of
    ``cfg.train_dataloader.dataset`` (with ``dataset_overrides``), keyed
    by ``pts_path`` when the dataset has paths, else by ``sample_idx``, and
    recorded as extracted with that teacher checkpoint.

    Returns:
        tuple[str, str, str]: The teacher and CMPG checkpoints and the
        feature cache paths.
    """
    teacher = write_teacher_ckpt(cfg.model.teacher,
                                 osp.join(str(out_dir), 'teacher.pth'))
    generator = MODELS.build(cfg.model.generator)
    cmpg = osp.join(str(out_dir), 'cmpg.pth')
    torch.save(dict(state_dict=generator.state_dict()), cmpg)
    dataset = DATASETS.build(
        dict(cfg.train_dataloader.dataset, pipeline=[], **dataset_overrides))
    infos = [dataset.get_data_info(i) for i in range(len(dataset))]
    paths = [i['pts_path'] for i in infos] if 'pts_path' in infos[0] \
        else None
    feats = osp.join(str(out_dir), 'feats.pth')
    save_teacher_feature_cache(
        feats,
        torch.randn(len(infos), generator.in_channels),
        torch.tensor([i['sample_idx'] for i in infos]),
        torch.tensor([i['gt_label'] for i in infos]),
        paths,
        meta=dict(teacher_ckpt_sha256=file_sha256(teacher)))
    return teacher, cmpg, feats


def wire_stage3_inputs(cfg: Config, out_dir) -> Tuple[str, str, str]:
    """:func:`write_stage3_inputs`, then point ``cfg`` at the files (with
    :func:`pointcmt_lab.stage3_cfg_options`).

    Returns:
        tuple[str, str, str]: The teacher and CMPG checkpoints and the
        feature cache paths.
    """
    teacher, cmpg, feats = write_stage3_inputs(cfg, out_dir)
    cfg.merge_from_dict(stage3_cfg_options(cmpg, feats, teacher))
    return teacher, cmpg, feats


def fake_stage3_options(config_file: str, out_dir, **dataset_overrides
                        ) -> Tuple[Config, str, List[str]]:
    """Fake Stage III inputs of ``config_file`` as ``--cfg-options``.

    Seeds torch with 0, writes the files of :func:`write_stage3_inputs` and
    wires the config to them (:func:`pointcmt_lab.stage3_cfg_options`).

    Returns:
        tuple: The loaded config, the CMPG checkpoint path and the options.
    """
    init_default_scope('mmdet3d')
    cfg = Config.fromfile(config_file)
    torch.manual_seed(0)
    teacher, cmpg, feats = write_stage3_inputs(cfg, out_dir,
                                               **dataset_overrides)
    options = stage3_cfg_options(cmpg, feats, teacher)
    return cfg, cmpg, [f'{key}={value}' for key, value in options.items()]
