"""Pictures of what PointCMT does (PNG, matplotlib, headless).

Examples::

    # rendered teacher views of test samples 0, 40 and 80
    python tools/visualize.py views configs/cls_pointnet2-ssg_synthetic.py \
        --indices 0 40 80 --split test --out views.png
    # Stage II: generated vs real point sets, with the per-sample EMD
    python tools/visualize.py cmpg STAGE2_CONFIG work_dirs/cmpg/epoch_50.pth \
        --indices 0 1 2 --out cmpg.png
    # confusion matrix of a test (or the last validation) run
    python tools/visualize.py confusion work_dirs/pointcmt --out cm.png
    # learning curves of several runs
    python tools/visualize.py curves work_dirs/vanilla work_dirs/pointcmt \
        --labels vanilla pointcmt --metric overall_acc --out curves.png
    # the method diagram
    python tools/visualize.py pipeline --out pipeline.png

Each subcommand is one ``draw_*`` function of
:mod:`pointcmt_lab.visualization.figures`, which says where the data comes
from.
"""
import argparse

from pointcmt.apis import SPLITS
from pointcmt.apis.cli import add_cfg_options
from pointcmt_lab.visualization import (draw_cmpg, draw_confusion,
                                        draw_curves, draw_pipeline,
                                        draw_views)

FIGURES = dict(
    views=draw_views,
    cmpg=draw_cmpg,
    confusion=draw_confusion,
    curves=draw_curves,
    pipeline=draw_pipeline)


def build_parser() -> argparse.ArgumentParser:
    """The command line of this tool."""
    parser = argparse.ArgumentParser(description='PointCMT figures (PNG)')
    sub = parser.add_subparsers(dest='command', required=True)

    def common(p: argparse.ArgumentParser, default_out: str) -> None:
        p.add_argument('--out', default=default_out, help='output .png')

    def dataset_args(p: argparse.ArgumentParser) -> None:
        p.add_argument('config', help='config file')
        p.add_argument(
            '--indices',
            type=int,
            nargs='+',
            default=[0, 1, 2],
            help='dataset indices to show')
        p.add_argument('--split', choices=SPLITS, default='test')
        add_cfg_options(p)

    views = sub.add_parser('views', help='rendered views of samples')
    dataset_args(views)
    views.add_argument(
        '--render-views',
        help='view preset used when the pipeline renders no views '
        '(default: the data preprocessor\'s render_cfg, else simpleview6)')
    views.add_argument(
        '--image-size',
        type=int,
        help='image size used when the pipeline renders no views '
        '(default: the data preprocessor\'s render_cfg, else 64)')
    views.add_argument(
        '--points-config',
        help='also draw the points this config (e.g. a student\'s) gets '
        'of the same samples, in a first column')
    common(views, 'views.png')

    cmpg = sub.add_parser('cmpg', help='CMPG generated vs real points')
    dataset_args(cmpg)
    cmpg.add_argument('checkpoint', help='Stage II checkpoint')
    cmpg.add_argument(
        '--raw',
        action='store_true',
        help='show raw coordinates instead of the EMD frame')
    common(cmpg, 'cmpg.png')

    confusion = sub.add_parser('confusion', help='confusion matrix')
    confusion.add_argument('source', help='work dir or confusion json')
    common(confusion, 'confusion.png')

    curves = sub.add_parser('curves', help='learning curves')
    curves.add_argument('runs', nargs='+', help='work dirs or run folders')
    curves.add_argument('--labels', nargs='+', help='one label per run')
    curves.add_argument('--metric', default='overall_acc')
    curves.add_argument('--loss-key', default='loss')
    common(curves, 'curves.png')

    pipeline = sub.add_parser('pipeline', help='the PointCMT diagram')
    common(pipeline, 'pipeline.png')
    return parser


def parse_args() -> argparse.Namespace:
    return build_parser().parse_args()


def main() -> None:
    """Draw the subcommand's figure; print the written PNG path."""
    kwargs = vars(parse_args())
    print(FIGURES[kwargs.pop('command')](**kwargs))


if __name__ == '__main__':
    main()
