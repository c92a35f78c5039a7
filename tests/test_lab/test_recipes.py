"""stage3_cfg_options: a Stage III config wired to its CMPG and cache."""
import os.path as osp

import pytest
from mmengine.config import Config

from _helpers import REPO
from pointcmt_lab import VANILLA_OPTIONS, stage3_cfg_options

CONFIG = osp.join(REPO, 'configs', 'pointcmt_pointnet2_synthetic.py')


def test_options_name_the_feature_transform_by_its_index():
    cfg = Config.fromfile(CONFIG)
    index = next(i for i, t in enumerate(cfg.train_dataloader.dataset.pipeline)
                 if t.type == 'LoadTeacherFeature')
    key = f'train_dataloader.dataset.pipeline.{index}'
    assert stage3_cfg_options(CONFIG, 'g.pth', 'f.pth') == {
        'model.generator_ckpt': 'g.pth',
        f'{key}.cache_file': 'f.pth'
    }
    options = stage3_cfg_options(cfg, 'g.pth', 'f.pth', 't.pth')
    assert options[f'{key}.teacher_ckpt'] == 't.pth'
    cfg.merge_from_dict({**options, **VANILLA_OPTIONS})
    load = cfg.train_dataloader.dataset.pipeline[index]
    assert (load.cache_file, load.teacher_ckpt) == ('f.pth', 't.pth')
    # the teacher of loss_kd is the one the cache came from
    assert cfg.model.teacher_ckpt == 't.pth'
    assert cfg.model.generator_ckpt == 'g.pth' and not cfg.model.use_fe


def test_config_without_the_transform():
    cfg = Config(dict(train_dataloader=dict(dataset=dict(pipeline=[
        dict(type='PackPointClsInputs')
    ]))))
    with pytest.raises(ValueError, match='no LoadTeacherFeature'):
        stage3_cfg_options(cfg, 'g.pth', 'f.pth')


def test_vanilla_options_switch_every_term_off():
    """Every ``use_*`` switch of the distiller (and the teacher-classifier
    weight) is in VANILLA_OPTIONS and off: the baseline cannot keep a term
    that a recipe turned on."""
    import inspect

    from pointcmt.models.distillers import CrossModalDistiller
    switches = {
        f'model.{name}'
        for name in inspect.signature(CrossModalDistiller).parameters
        if name.startswith('use_')
    }
    assert switches and switches <= set(VANILLA_OPTIONS)
    assert not any(VANILLA_OPTIONS[k] for k in switches)
    assert VANILLA_OPTIONS['model.teacher_cls_weight'] == 0
