"""load_run_cfg: the config a run is built from."""
import os.path as osp

from _helpers import REPO
from mmengine.config import Config

from pointcmt.apis.runs import load_run_cfg

CONFIG = osp.join(REPO, 'configs', 'pointcmt_pointnet2_synthetic.py')


def test_run_config_text_is_not_reformatted_but_loads_back():
    """The runner writes ``pretty_text`` into every checkpoint: it is not
    yapf-formatted (seconds per save), and still loads to the same config,
    overrides included."""
    cfg = load_run_cfg(CONFIG, {'train_cfg.max_epochs': 3}, launcher='none')
    assert cfg._format_python_code is False
    assert cfg.train_cfg.max_epochs == 3 and cfg.launcher == 'none'
    loaded = Config.fromstring(cfg.pretty_text, '.py')
    assert loaded.to_dict() == cfg.to_dict()
