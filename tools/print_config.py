"""Print a config with its ``_base_`` files merged and overrides applied.

Example::

    python tools/print_config.py configs/pointcmt_pointnet2_synthetic.py
    python tools/print_config.py configs/cls_pointnet2-ssg_own-folder.py \
        --cfg-options train_cfg.max_epochs=10 --out resolved.py

mmengine ships no ``print_config`` tool and mmdet3d's is not installed with
the package, hence this one.
"""
import argparse

from pointcmt.apis import resolved_config_text
from pointcmt.apis.cli import add_cfg_options


def build_parser() -> argparse.ArgumentParser:
    """The command line of this tool."""
    parser = argparse.ArgumentParser(
        description='Print a resolved (merged) config')
    parser.add_argument('config', help='config file path')
    add_cfg_options(
        parser, 'override config settings, key=value (as in tools/train.py)')
    parser.add_argument(
        '--out', help='also save the resolved config to this .py file')
    return parser


def parse_args() -> argparse.Namespace:
    return build_parser().parse_args()


def main() -> None:
    args = parse_args()
    print(resolved_config_text(args.config, args.cfg_options, args.out))


if __name__ == '__main__':
    main()
