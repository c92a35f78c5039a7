"""The quick benchmark report, run once for the files of this folder."""
import json

import pytest
from _helpers import REPO

from pointcmt_lab.benchmark import run_benchmarks


@pytest.fixture(scope='session')
def quick_report(tmp_path_factory):
    """``run_benchmarks(quick=True)`` of every sub-benchmark, one thread;
    the JSON it writes equals what it returns."""
    out = tmp_path_factory.mktemp('bench') / 'bench.json'
    report = run_benchmarks(
        quick=True, threads=1, config_root=REPO, out=str(out))
    assert json.loads(out.read_text()) == json.loads(json.dumps(report))
    return report
