"""--auto-scale-lr scales by the effective batch: batch_size x world size x
accumulative_counts, compared with auto_scale_lr.base_batch_size."""
import glob
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.model import BaseModel
from mmengine.registry import MODELS
from mmengine.runner import Runner

from pointcmt.apis.runs import _apply_train_flags

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIGS = sorted(glob.glob(osp.join(REPO, 'configs', '*.py')))
LR = 0.1


@MODELS.register_module(force=True)
class _LinearForAutoScaleLR(BaseModel):

    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(2, 1)

    def forward(self, inputs, data_samples=None, mode='loss'):
        return dict(loss=self.linear(inputs).sum())


def _scaled_lr(tmp_path, batch_size, counts, base, world_size,
               flag=True, enable=False):
    """The lr after the run's flags and mmengine's ``Runner.scale_lr``,
    with ``world_size`` processes (no training)."""
    cfg = Config(
        dict(
            model=dict(type='_LinearForAutoScaleLR'),
            work_dir=str(tmp_path),
            experiment_name=f'auto_scale_lr_{tmp_path.name}',
            train_dataloader=dict(
                batch_size=batch_size,
                dataset=dict(type='NotBuilt'),
                sampler=dict(type='DefaultSampler', shuffle=False)),
            train_cfg=dict(by_epoch=True, max_epochs=1),
            optim_wrapper=dict(
                type='OptimWrapper',
                optimizer=dict(type='SGD', lr=LR),
                accumulative_counts=counts),
            auto_scale_lr=dict(enable=enable, base_batch_size=base)))
    _apply_train_flags(cfg, False, 'none', flag, None)
    runner = Runner.from_cfg(cfg)
    runner._world_size = world_size
    optim_wrapper = runner.build_optim_wrapper(runner.optim_wrapper)
    runner.scale_lr(optim_wrapper, runner.auto_scale_lr)
    return optim_wrapper.param_groups[0]['lr']


@pytest.mark.parametrize('batch_size,counts,base,world_size', [
    (32, 4, 128, 1),  # the teacher's reference: 32 x 4 = 128 on one GPU
    (32, 4, 128, 4),
    (16, 4, 128, 1),
    (32, 1, 32, 8),
    (8, 2, 32, 3),
])
def test_lr_scales_by_the_effective_batch(tmp_path, batch_size, counts,
                                          base, world_size):
    effective = batch_size * world_size * counts
    lr = _scaled_lr(tmp_path, batch_size, counts, base, world_size)
    assert lr == pytest.approx(LR * effective / base)


def test_a_config_that_enables_it_counts_accumulation_too(tmp_path):
    lr = _scaled_lr(tmp_path, 32, 4, 128, 2, flag=False, enable=True)
    assert lr == pytest.approx(LR * 2)


def test_without_the_flag_the_lr_is_kept(tmp_path):
    assert _scaled_lr(tmp_path, 32, 4, 32, 4, flag=False) == LR


@pytest.mark.parametrize('config', CONFIGS, ids=osp.basename)
def test_shipped_configs_keep_their_lr_on_one_gpu(config):
    """Each config's lr is set for its own effective batch on one GPU:
    ``base_batch_size == batch_size x accumulative_counts``."""
    cfg = Config.fromfile(config)
    counts = cfg.optim_wrapper.get('accumulative_counts', 1)
    effective = cfg.train_dataloader.batch_size * counts
    assert cfg.auto_scale_lr.base_batch_size == effective
