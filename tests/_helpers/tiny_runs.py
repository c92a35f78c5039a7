"""The repository root and the cfg options of tiny end-to-end runs."""
import os.path as osp

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
#: One epoch on 3 training shapes per class of the embedded dataset.
TINY_RUN_OPTIONS = {
    'train_dataloader.dataset.num_samples_per_class': 3,
    'val_dataloader.dataset.num_samples_per_class': 1,
    'test_dataloader.dataset.num_samples_per_class': 1,
    'train_dataloader.batch_size': 13,
    'train_cfg.max_epochs': 1
}
