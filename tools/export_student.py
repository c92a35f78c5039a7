"""Export the student of a CrossModalDistiller checkpoint.

Example::

    python tools/export_student.py configs/pointcmt_pointnet2_modelnet40.py \
        work_dirs/pointcmt/best.pth work_dirs/pointcmt/student.pth

Writes a plain ``PointClassifier`` checkpoint that loads into the vanilla
classifier config and predicts identically; see
:func:`pointcmt.apis.export_student`.
"""
import argparse

from pointcmt.apis import export_student
from pointcmt.apis.cli import add_cfg_options


def build_parser() -> argparse.ArgumentParser:
    """The command line of this tool."""
    parser = argparse.ArgumentParser(
        description='Export the student of a distiller checkpoint')
    parser.add_argument('config', help='CrossModalDistiller config')
    parser.add_argument('checkpoint', help='distiller checkpoint')
    parser.add_argument('out', help='output PointClassifier checkpoint')
    add_cfg_options(parser)
    return parser


def parse_args() -> argparse.Namespace:
    return build_parser().parse_args()


def main() -> None:
    args = parse_args()
    exported = export_student(args.config, args.checkpoint, args.out,
                              args.cfg_options)
    print(f'Saved {len(exported["state_dict"])} student tensors to '
          f'{args.out}')


if __name__ == '__main__':
    main()
