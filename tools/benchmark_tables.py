"""Markdown tables of a ``tools/benchmark.py`` JSON report.

Example::

    python tools/benchmark_tables.py work_dirs/benchmark/benchmark.json
"""
import argparse

from pointcmt_lab.benchmark import benchmark_tables


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('report', help='JSON written by tools/benchmark.py')
    return parser.parse_args()


def main() -> None:
    print(benchmark_tables(parse_args().report))


if __name__ == '__main__':
    main()
