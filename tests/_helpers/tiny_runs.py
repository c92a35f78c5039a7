"""The repository root, the shared data and the cfg options of tiny
end-to-end runs."""
import os.path as osp
from typing import Dict, List, Optional

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
#: The data shared by the checkouts (``../shared/data``); may be absent.
SHARED_DATA = osp.join(osp.dirname(REPO), 'shared', 'data')
#: One epoch on 3 training shapes per class of the embedded dataset.
TINY_RUN_OPTIONS = {
    'train_dataloader.dataset.num_samples_per_class': 3,
    'val_dataloader.dataset.num_samples_per_class': 1,
    'test_dataloader.dataset.num_samples_per_class': 1,
    'train_dataloader.batch_size': 13,
    'train_cfg.max_epochs': 1
}


def tiny_run_args(overrides: Optional[Dict[str, object]] = None) -> List[str]:
    """``TINY_RUN_OPTIONS`` updated by ``overrides`` as the ``key=value``
    words of a tool's ``--cfg-options``."""
    options = {**TINY_RUN_OPTIONS, **(overrides or {})}
    return [f'{key}={value}' for key, value in options.items()]
