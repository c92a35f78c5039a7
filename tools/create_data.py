"""Write mmengine-style annotation files of a point classification source.

Example::

    python tools/create_data.py modelnet-h5 \
        --root data/modelnet40_ply_hdf5_2048 --out-dir data/modelnet40_h5
    python tools/create_data.py scanobjectnn --root data/h5_files \
        --out-dir data/scanobjectnn --variant PB_T50_RS --splits trainval test

writes ``<out-dir>/<name>_infos_<split>.<pkl|json>``; see
:func:`pointcmt.datasets.create_annotations`. Datasets read them with
``ann_file=...``. Re-running with the same inputs leaves the files alone
and says so; ``--force`` rewrites them.
"""
import argparse

from mmengine.registry import init_default_scope

from pointcmt.datasets import (ANNOTATION_SOURCES, SCANOBJECTNN_VARIANTS,
                               create_annotations)
from pointcmt.datasets.annotation import SPLITS


def build_parser() -> argparse.ArgumentParser:
    """The command line of this tool."""
    parser = argparse.ArgumentParser(
        description='Write annotation files of a point classification '
        'source.')
    parser.add_argument('source', choices=ANNOTATION_SOURCES)
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
    return parser


def parse_args() -> argparse.Namespace:
    return build_parser().parse_args()


def main() -> None:
    args = parse_args()
    init_default_scope('mmdet3d')
    create_annotations(
        args.source,
        args.root,
        args.out_dir,
        splits=args.splits,
        variant=args.variant,
        num_classes=args.num_classes,
        val_fraction=args.val_fraction,
        split_seed=args.split_seed,
        file_format=args.format,
        force=args.force)


if __name__ == '__main__':
    main()
