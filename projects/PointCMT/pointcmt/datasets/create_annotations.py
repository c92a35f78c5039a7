"""Write mmengine-style annotation files of a point classification source.

:func:`create_annotations` writes ``<out_dir>/<name>_infos_<split>.<pkl|
json>`` with ``metainfo`` (classes, dataset, split, source_root, version,
source options) and ``data_list`` (``pts_path`` or ``h5_path`` +
``h5_index``, relative to the source root, with ``gt_label`` and
``sample_idx``); see :mod:`pointcmt.datasets.annotation`. Datasets read
them with ``ann_file=...``. Running it again with the same inputs leaves
the files alone and says so; ``force`` rewrites them.
"""
import os.path as osp
from typing import Dict, List, Sequence, Tuple

from mmengine.dataset import BaseDataset

from .annotation import SPLITS, dataset_to_annotation, write_annotation
from .h5_datasets import ModelNetH5Dataset, ScanObjectNNDataset
from .modelnet import ModelNetDataset
from .modelnet_normal_resampled import ModelNetNormalResampledDataset

ANNOTATION_SOURCES = ('modelnet-folder', 'modelnet-normal', 'modelnet-h5',
                      'scanobjectnn')


def _build_source(source: str, root: str, split: str, variant: str,
                  num_classes: int,
                  common: Dict) -> Tuple[str, str, Dict, BaseDataset]:
    """``(file name stem, metainfo['dataset'], options, dataset)``."""
    common = dict(common, data_root=root)
    if source == 'modelnet-folder':
        return ('modelnet', ModelNetDataset.DATASET_NAME, {},
                ModelNetDataset(**common))
    if source == 'modelnet-normal':
        options = dict(num_classes=num_classes)
        return (f'modelnet{num_classes}_normal_resampled',
                ModelNetNormalResampledDataset.DATASET_NAME, options,
                ModelNetNormalResampledDataset(**options, **common))
    if source == 'modelnet-h5':
        return ('modelnet_h5', ModelNetH5Dataset.DATASET_NAME, {},
                ModelNetH5Dataset(**common))
    options = dict(variant=variant)
    return (f'scanobjectnn_{variant.lower()}',
            ScanObjectNNDataset.DATASET_NAME, options,
            ScanObjectNNDataset(**options, **common))


def create_annotations(source: str,
                       root: str,
                       out_dir: str,
                       splits: Sequence[str] = SPLITS,
                       variant: str = 'PB_T50_RS',
                       num_classes: int = 40,
                       val_fraction: float = 0.1,
                       split_seed: int = 0,
                       file_format: str = 'pkl',
                       force: bool = False) -> List[str]:
    """Write the annotation file of each split of a source.

    Args:
        source (str): One of :data:`ANNOTATION_SOURCES`.
        root (str): The source folder.
        out_dir (str): Where the files go.
        splits (Sequence[str]): Of ``SPLITS``.
        variant (str): ScanObjectNN variant.
        num_classes (int): 40 or 10 (``'modelnet-normal'`` lists).
        val_fraction (float): The share of train carved out as ``val``.
        split_seed (int): Seed of the carve.
        file_format (str): ``'pkl'`` or ``'json'``.
        force (bool): Rewrite files that hold other content.

    Returns:
        list[str]: The annotation files, one per split.
    """
    if source not in ANNOTATION_SOURCES:
        raise ValueError(f'source must be one of {ANNOTATION_SOURCES}, got '
                         f'{source!r}')
    common = dict(
        val_fraction=val_fraction,
        split_seed=split_seed,
        serialize_data=False)
    out_files = []
    for split in splits:
        stem, dataset_name, options, dataset = _build_source(
            source, root, split, variant, num_classes,
            dict(common, split=split))
        out_file = osp.join(out_dir, f'{stem}_infos_{split}.{file_format}')
        print(f'{source} {split}: {len(dataset)} samples -> {out_file}')
        annotation = dataset_to_annotation(
            dataset,
            dataset_name,
            root,
            split=split,
            val_fraction=val_fraction,
            split_seed=split_seed,
            **options)
        status = write_annotation(annotation, out_file, force=force)
        print(f'{out_file}: ' +
              ('up to date, nothing written (use --force to rewrite)'
               if status == 'unchanged' else 'written'))
        out_files.append(out_file)
    return out_files


__all__ = ['ANNOTATION_SOURCES', 'create_annotations']
