"""Cache the frozen Stage I teacher's features of one dataset split.

Example::

    python tools/extract_teacher_features.py \
        configs/teacher_mvcnn-resnet18_modelnet40.py \
        work_dirs/teacher/epoch_50.pth --split train \
        --out work_dirs/teacher_mvcnn-resnet18_modelnet40/feats.pth

The split is run through the un-augmented ``test_dataloader`` pipeline; the
file is what ``model.teacher_feats`` of a Stage II/III config reads. See
:func:`pointcmt.apis.extract_teacher_features`. Progress goes to stderr: a
bar on a terminal, a line every 5 % in a log file.
"""
import argparse

import torch

from pointcmt.apis import SPLITS, extract_teacher_features
from pointcmt.apis.cli import add_cfg_options


def build_parser() -> argparse.ArgumentParser:
    """The command line of this tool."""
    parser = argparse.ArgumentParser(
        description='Cache teacher features of a dataset split')
    parser.add_argument('config', help='Stage I (MultiViewTeacher) config')
    parser.add_argument('checkpoint', help='Stage I checkpoint')
    parser.add_argument(
        '--split',
        choices=SPLITS,
        default='train',
        help='use <split>_dataloader.dataset')
    parser.add_argument('--out', required=True, help='output .pth file')
    parser.add_argument('--batch-size', type=int, default=32)
    parser.add_argument('--num-workers', type=int, default=0)
    parser.add_argument(
        '--device',
        default='cuda' if torch.cuda.is_available() else 'cpu',
        help='device to run the teacher on')
    add_cfg_options(parser)
    return parser


def parse_args() -> argparse.Namespace:
    return build_parser().parse_args()


def main() -> None:
    args = parse_args()
    cache = extract_teacher_features(
        args.config,
        args.checkpoint,
        args.out,
        split=args.split,
        batch_size=args.batch_size,
        num_workers=args.num_workers,
        device=args.device,
        cfg_options=args.cfg_options)
    print(f'Saved {cache["count"]} teacher features of width '
          f'{cache["channels"]} to {args.out}')


if __name__ == '__main__':
    main()
