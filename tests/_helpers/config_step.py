"""One training and one validation step of any config, on tiny data."""
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


def train_config_one_step(config: str, tmp_path, data_root: str) -> None:
    """Build ``config`` on tiny data (ModelNet-style folders under
    ``data_root``, one synthetic shape per class), run one training step and
    one validation step, and check the losses and outputs."""
    cfg = Config.fromfile(config)
    assert cfg.custom_imports['imports'] == ['pointcmt']
    assert cfg.default_scope == 'mmdet3d'
    _shrink_data(cfg, data_root)
    _freeze_stage_inputs(cfg, tmp_path)
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    dataset = DATASETS.build(cfg.train_dataloader.dataset)
    batch = pseudo_collate([dataset[0], dataset[1]])
    optim_wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    losses = model.train_step(batch, optim_wrapper)
    assert losses and all(torch.isfinite(v) for v in losses.values())
    assert any(k.startswith('loss_') for k in losses)
    val_set = DATASETS.build(cfg.val_dataloader.dataset)
    model.eval()
    out = model.val_step(pseudo_collate([val_set[0]]))
    assert len(out) == 1
