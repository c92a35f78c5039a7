"""resolved_config_text: the merged config, with overrides, as text."""
import os.path as osp

import pytest
from _helpers import REPO
from mmengine.config import Config

from pointcmt.apis import resolved_config_text

CONFIG = osp.join(REPO, 'configs', 'pointcmt_pointnet2_synthetic.py')


def test_merged_config_with_overrides(tmp_path):
    out = tmp_path / 'resolved.py'
    options = {'model.loss_ce': None, 'train_cfg.max_epochs': 3}
    text = resolved_config_text(CONFIG, options, str(out))
    printed = Config.fromstring(text, '.py')
    expected = Config.fromfile(CONFIG)
    expected.merge_from_dict(options)
    assert printed.to_dict() == expected.to_dict()
    # the _base_ chain is resolved: values from cls_pointnet2-ssg_synthetic
    # and _base_/default_runtime.py are in the text
    assert '_base_' not in text
    assert printed.model.student.head.num_classes == 13
    assert printed.default_scope == 'mmdet3d'
    assert Config.fromfile(str(out)).to_dict() == expected.to_dict()


def test_missing_config_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match='nope.py'):
        resolved_config_text(str(tmp_path / 'nope.py'))
