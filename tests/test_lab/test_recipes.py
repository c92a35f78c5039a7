"""The lab's cfg options: a Stage III config wired to a run's files, and
the vanilla switches."""
import inspect
import os.path as osp

from _helpers import REPO
from mmengine.config import Config

from pointcmt.models.distillers import CrossModalDistiller
from pointcmt_lab import VANILLA_OPTIONS, stage3_cfg_options

CONFIG = osp.join(REPO, 'configs', 'pointcmt_pointnet2_synthetic.py')


def test_options_address_the_model_by_name():
    cfg = Config.fromfile(CONFIG)
    pipeline = list(cfg.train_dataloader.dataset.pipeline)
    options = stage3_cfg_options('g.pth', 'f.pth', 't.pth')
    assert options == {
        'model.generator_ckpt': 'g.pth',
        'model.teacher_feats': 'f.pth',
        'model.teacher_ckpt': 't.pth'
    }
    assert 'model.teacher_ckpt' not in stage3_cfg_options('g.pth', 'f.pth')
    cfg.merge_from_dict({**options, **VANILLA_OPTIONS})
    assert (cfg.model.generator_ckpt, cfg.model.teacher_feats,
            cfg.model.teacher_ckpt) == ('g.pth', 'f.pth', 't.pth')
    assert list(cfg.train_dataloader.dataset.pipeline) == pipeline


def test_vanilla_options_switch_every_term_off():
    """Every loss term of the distiller is in VANILLA_OPTIONS and None: the
    baseline cannot keep a term that a config or recipe turned on."""
    terms = {
        f'model.{name}'
        for name in inspect.signature(CrossModalDistiller).parameters
        if name.startswith('loss_')
    }
    assert terms == set(VANILLA_OPTIONS)
    assert all(VANILLA_OPTIONS[k] is None for k in terms)
    cfg = Config.fromfile(CONFIG)
    assert cfg.model.loss_fe is not None and cfg.model.loss_ce is not None
    cfg.merge_from_dict(VANILLA_OPTIONS)
    assert all(cfg.model[k[len('model.'):]] is None for k in terms)
