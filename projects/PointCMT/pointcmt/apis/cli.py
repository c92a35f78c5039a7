"""Command-line arguments the tools share: config overrides and the
distributed launcher."""
import argparse
import os

from mmengine.config import DictAction

from .runs import LAUNCHERS

__all__ = ['add_cfg_options', 'add_launcher_args', 'parse_launched_args']


def add_cfg_options(
        parser: argparse.ArgumentParser,
        description: str = 'override config settings, key=value') -> None:
    """Add ``--cfg-options key=value ...`` (a dict, ``{}`` when absent).

    Args:
        parser (argparse.ArgumentParser): The tool's parser.
        description (str): Its help text: what the overrides apply to.
    """
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        default={},
        help=description)


def add_launcher_args(parser: argparse.ArgumentParser) -> None:
    """Add ``--launcher`` and the ``--local_rank`` of old-style launchers.

    Args:
        parser (argparse.ArgumentParser): The tool's parser.
    """
    parser.add_argument(
        '--launcher', choices=LAUNCHERS, default='none', help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)


def parse_launched_args(parser: argparse.ArgumentParser) -> argparse.Namespace:
    """Parse the command line of a tool with :func:`add_launcher_args`;
    ``LOCAL_RANK`` is set from ``--local_rank`` unless the launcher set it.

    Args:
        parser (argparse.ArgumentParser): The tool's parser.

    Returns:
        argparse.Namespace: The parsed arguments.
    """
    args = parser.parse_args()
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args
