"""Write mmengine-style annotation files of a point classification source.

Example::

    python tools/create_data.py modelnet-h5 \
        --root data/modelnet40_ply_hdf5_2048 --out-dir data/modelnet40_h5
    python tools/create_data.py scanobjectnn --root data/h5_files \
        --out-dir data/scanobjectnn --variant PB_T50_RS --splits trainval test

writes ``<out-dir>/<name>_infos_<split>.<pkl|json>`` with ``metainfo``
(classes, dataset, split, source_root, version, source options) and
``data_list`` (``pts_path`` or ``h5_path`` + ``h5_index``, relative to the
source root, with ``gt_label`` and ``sample_idx``); see
:mod:`pointcmt.datasets.annotation`. Datasets read them with
``ann_file=...``. Re-running with the same inputs leaves the files alone
and says so; ``--force`` rewrites them.
"""
import argparse
import os.path as osp
from typing import List, Optional

from mmengine.registry import init_default_scope

from pointcmt.datasets import (SCANOBJECTNN_VARIANTS, ModelNetDataset,
                               ModelNetH5Dataset,
                               ModelNetNormalResampledDataset,
                               ScanObjectNNDataset)
from pointcmt.datasets.annotation import (SPLITS, dataset_to_annotation,
                                          write_annotation)

SOURCES = ('modelnet-folder', 'modelnet-normal', 'modelnet-h5', 'scanobjectnn')


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Write annotation files of a point classification '
        'source.')
    parser.add_argument('source', choices=SOURCES)
    parser.add_argument('--root', required=True, help='source folder')
    parser.add_argument('--out-dir', required=True)
    parser.add_argument(
        '--splits', nargs='+', choices=SPLITS, default=list(SPLITS))
    parser.add_argument(
        '--variant',
        choices=tuple(SCANOBJECTNN_VARIANTS),
        default='PB_T50_RS',
        help='ScanObjectNN variant')
    parser.add_argument(
        '--num-classes',
        type=int,
        choices=(40, 10),
        default=40,
        help='ModelNet40 or ModelNet10 lists (modelnet-normal)')
    parser.add_argument('--val-fraction', type=float, default=0.1)
    parser.add_argument('--split-seed', type=int, default=0)
    parser.add_argument('--format', choices=('pkl', 'json'), default='pkl')
    parser.add_argument(
        '--force', action='store_true', help='rewrite existing files')
    return parser.parse_args(argv)


def build_source(args: argparse.Namespace, split: str):
    """Return (file name stem, metainfo['dataset'], options, dataset)."""
    common = dict(
        split=split,
        val_fraction=args.val_fraction,
        split_seed=args.split_seed,
        serialize_data=False)
    if args.source == 'modelnet-folder':
        return ('modelnet', ModelNetDataset.DATASET_NAME, {},
                ModelNetDataset(args.root, **common))
    if args.source == 'modelnet-normal':
        options = dict(num_classes=args.num_classes)
        return (f'modelnet{args.num_classes}_normal_resampled',
                ModelNetNormalResampledDataset.DATASET_NAME, options,
                ModelNetNormalResampledDataset(args.root, **options, **common))
    if args.source == 'modelnet-h5':
        return ('modelnet_h5', ModelNetH5Dataset.DATASET_NAME, {},
                ModelNetH5Dataset(args.root, **common))
    options = dict(variant=args.variant)
    return (f'scanobjectnn_{args.variant.lower()}',
            ScanObjectNNDataset.DATASET_NAME, options,
            ScanObjectNNDataset(args.root, **options, **common))


def main(argv: Optional[List[str]] = None) -> List[str]:
    """Run the converter; returns the annotation file paths."""
    args = parse_args(argv)
    init_default_scope('mmdet3d')
    out_files = []
    for split in args.splits:
        stem, dataset_name, options, dataset = build_source(args, split)
        out_file = osp.join(args.out_dir,
                            f'{stem}_infos_{split}.{args.format}')
        print(f'{args.source} {split}: {len(dataset)} samples -> {out_file}')
        annotation = dataset_to_annotation(
            dataset,
            dataset_name,
            args.root,
            split=split,
            val_fraction=args.val_fraction,
            split_seed=args.split_seed,
            **options)
        status = write_annotation(annotation, out_file, force=args.force)
        print(f'\n{out_file}: ' +
              ('up to date, nothing written (use --force to rewrite)'
               if status == 'unchanged' else 'written'))
        out_files.append(out_file)
    return out_files


if __name__ == '__main__':
    main()
