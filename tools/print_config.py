"""Print a config with its ``_base_`` files merged and overrides applied.

Example::

    python tools/print_config.py configs/pointcmt_pointnet2_synthetic.py
    python tools/print_config.py configs/cls_pointnet2-ssg_own-folder.py \
        --cfg-options train_cfg.max_epochs=10 --out resolved.py

mmengine ships no ``print_config`` tool and mmdet3d's is not installed with
the package, hence this one.
"""
import argparse
import os.path as osp
from typing import List, Optional

from mmengine.config import Config, DictAction


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Print a resolved (merged) config')
    parser.add_argument('config', help='config file path')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config settings, key=value (as in tools/train.py)')
    parser.add_argument(
        '--out', help='also save the resolved config to this .py file')
    return parser.parse_args(argv)


def main(argv: Optional[List[str]] = None) -> str:
    """Print the resolved config and return its text."""
    args = parse_args(argv)
    if not osp.isfile(args.config):
        raise FileNotFoundError(f'config file {args.config} does not exist')
    cfg = Config.fromfile(args.config)
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    text = cfg.pretty_text
    print(text)
    if args.out:
        cfg.dump(args.out)
    return text


if __name__ == '__main__':
    main()
