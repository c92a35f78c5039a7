"""Markdown tables of a ``tools/benchmark.py`` JSON report.

Example::

    python tools/benchmark_tables.py work_dirs/benchmark/benchmark.json
"""
import argparse

from pointcmt_lab.benchmark import benchmark_tables


def build_parser() -> argparse.ArgumentParser:
    """The command line of this tool."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('report', help='JSON written by tools/benchmark.py')
    return parser


def parse_args() -> argparse.Namespace:
    return build_parser().parse_args()


def main() -> None:
    print(benchmark_tables(parse_args().report))


if __name__ == '__main__':
    main()
