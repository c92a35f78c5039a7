"""One training and one validation step of any config, on tiny data."""
from typing import Set

import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.optim import build_optim_wrapper

from mmdet3d.registry import DATASETS, MODELS
from .stage3 import wire_stage3_inputs, write_teacher_ckpt


def _shrink_data(cfg: Config, data_root: str) -> None:
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        dataset = cfg[key].dataset
        if dataset.type == 'SyntheticShapesDataset':
            dataset.num_samples_per_class = 1
        else:
            dataset.data_root = data_root


def _freeze_stage_inputs(cfg: Config, tmp_path) -> None:
    """Write the checkpoints and feature cache a stage config reads."""
    model = cfg.model
    if model.get('teacher') is not None and model.get('teacher_ckpt'):
        model.teacher_ckpt = write_teacher_ckpt(model.teacher,
                                                str(tmp_path / 'teacher.pth'))
    if model.type != 'CrossModalDistiller':
        return
    wire_stage3_inputs(cfg, tmp_path)


def expected_losses(model: dict) -> Set[str]:
    """The loss terms a model config trains: ``loss_emd`` for Stage II,
    ``loss_cls`` and each configured ``loss_*`` term of a distiller."""
    if model.type == 'CMPGPretrainModel':
        return {'loss_emd'}
    if model.type == 'CrossModalDistiller':
        return {'loss_cls'} | {
            key
            for key in ('loss_fe', 'loss_ce', 'loss_kd')
            if model.get(key) is not None
        }
    return {'loss_cls'}


def train_config_one_step(config: str, tmp_path, data_root: str) -> None:
    """Build ``config`` on tiny data (ModelNet-style folders under
    ``data_root``, one synthetic shape per class) and check one training
    and one validation step (:func:`check_one_step`)."""
    cfg = Config.fromfile(config)
    assert cfg.custom_imports['imports'] == ['pointcmt']
    assert cfg.default_scope == 'mmdet3d'
    _shrink_data(cfg, data_root)
    _freeze_stage_inputs(cfg, tmp_path)
    check_one_step(cfg, config)


def check_one_step(cfg: Config, label: str):
    """Run one training and one validation step of a config whose data and
    frozen inputs are in place, and check the losses (the configured terms,
    finite), that the trained part's parameters moved (a distiller's
    student, a Stage II CMPG, else the model), and the output (one
    prediction over the config's classes, or the CMPG's point set).

    Returns:
        The built training dataset.
    """
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    dataset = DATASETS.build(cfg.train_dataloader.dataset)
    batch = pseudo_collate([dataset[0], dataset[1]])
    optim_wrapper = build_optim_wrapper(
        model, dict(cfg.optim_wrapper, accumulative_counts=1))
    before = {n: p.detach().clone() for n, p in model.named_parameters()}
    losses = model.train_step(batch, optim_wrapper)
    assert {k for k in losses if k.startswith('loss_')
            } == expected_losses(cfg.model), (label, sorted(losses))
    assert all(torch.isfinite(v) for v in losses.values())
    trained = dict(
        CrossModalDistiller='student.',
        CMPGPretrainModel='generator.').get(cfg.model.type, '')
    moved = [
        n for n, p in model.named_parameters()
        if n.startswith(trained) and not torch.equal(p.detach(), before[n])
    ]
    assert moved, f'{label}: no trained parameter changed'
    val_set = DATASETS.build(cfg.val_dataloader.dataset)
    model.eval()
    (out, ) = model.val_step(pseudo_collate([val_set[0]]))
    if cfg.model.type == 'CMPGPretrainModel':
        assert out.pred_points.shape == (cfg.model.generator.num_points, 3)
    else:
        head = (cfg.model.student if 'student' in cfg.model else
                cfg.model).get('head')
        classes = head.num_classes if head else cfg.model.num_classes
        assert out.pred_score.shape == (classes, )
    return dataset
