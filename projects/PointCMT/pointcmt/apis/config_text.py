"""A config as text, with its ``_base_`` files merged and overrides
applied (``tools/print_config.py``)."""
import os.path as osp
from typing import Dict, Optional

from mmengine.config import Config


def resolved_config_text(config: str,
                         cfg_options: Optional[Dict] = None,
                         out: Optional[str] = None) -> str:
    """The merged config as Python text.

    Args:
        config (str): Config file path.
        cfg_options (dict, optional): Overrides.
        out (str, optional): Also save the resolved config to this ``.py``
            file.

    Returns:
        str: ``Config.pretty_text`` of the resolved config.

    Raises:
        FileNotFoundError: ``config`` does not exist.
    """
    if not osp.isfile(config):
        raise FileNotFoundError(f'config file {config} does not exist')
    cfg = Config.fromfile(config)
    if cfg_options is not None:
        cfg.merge_from_dict(cfg_options)
    if out:
        cfg.dump(out)
    return cfg.pretty_text


__all__ = ['resolved_config_text']
