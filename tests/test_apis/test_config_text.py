"""tools/print_config.py: the merged config, with overrides, as text."""
import importlib.util
import os.path as osp

import pytest
from mmengine.config import Config

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIG = osp.join(REPO, 'configs', 'pointcmt_pointnet2_synthetic.py')


def print_config_main(argv):
    spec = importlib.util.spec_from_file_location(
        'print_config', osp.join(REPO, 'tools', 'print_config.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main(argv)


def test_prints_merged_config_with_overrides(tmp_path, capsys):
    out = tmp_path / 'resolved.py'
    text = print_config_main([
        CONFIG, '--cfg-options', 'model.use_ce=False',
        'train_cfg.max_epochs=3', '--out',
        str(out)
    ])
    assert capsys.readouterr().out.strip() == text.strip()
    printed = Config.fromstring(text, '.py')
    expected = Config.fromfile(CONFIG)
    expected.merge_from_dict(
        {'model.use_ce': False, 'train_cfg.max_epochs': 3})
    assert printed.to_dict() == expected.to_dict()
    # the _base_ chain is resolved: values from cls_pointnet2-ssg_synthetic
    # and _base_/default_runtime.py are in the printed text
    assert '_base_' not in text
    assert printed.model.student.head.num_classes == 13
    assert printed.default_scope == 'mmdet3d'
    assert Config.fromfile(str(out)).to_dict() == expected.to_dict()


def test_missing_config_is_a_clear_error(tmp_path):
    missing = str(tmp_path / 'nope.py')
    with pytest.raises(FileNotFoundError, match='nope.py'):
        print_config_main([missing])
