"""What only the command lines do: stdout, argument errors.

Each tool is argument parsing plus one call into the package, tested there
(``tests/test_apis``, ``tests/test_benchmark``, ...); ``tests/test_docs``
runs the README's commands and ``test_train_test.py`` the training flags.
"""
import json
import os.path as osp
import re
import subprocess
import sys

from _helpers import REPO, cpu_env
from mmengine.config import Config


def _tool(*args):
    return subprocess.run([sys.executable, *args], cwd=REPO, env=cpu_env(),
                          capture_output=True, text=True, timeout=600)


def test_benchmark_stdout_is_the_json_report(tmp_path):
    out = tmp_path / 'r.json'
    proc = _tool('tools/benchmark.py', '--quick', '--threads', '1', '--only',
                 'render', '--out', str(out))
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    assert report == json.loads(out.read_text())
    assert list(report['results']) == ['render']
    assert 'render done in' in proc.stderr  # progress goes to stderr


def test_argument_errors_exit_with_usage():
    proc = _tool('tools/benchmark.py', '--repeats', '0')
    assert proc.returncode == 2 and '--repeats must be >= 1' in proc.stderr
    proc = _tool('tools/run_study.py', '--shard', '1of2')
    assert proc.returncode == 2 and '--shard must be K/N' in proc.stderr


def test_print_config_shows_a_non_default_override(tmp_path):
    config = 'configs/cls_pointnet2-ssg_synthetic.py'
    default = Config.fromfile(osp.join(REPO, config)).train_cfg.max_epochs
    epochs = default + 7
    out = tmp_path / 'resolved.py'
    proc = _tool('tools/print_config.py', config, '--cfg-options',
                 f'train_cfg.max_epochs={epochs}', '--out', str(out))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert re.search(rf'\bmax_epochs={epochs}\b', proc.stdout), proc.stdout
    assert not re.search(rf'\bmax_epochs={default}\b', proc.stdout)
    assert Config.fromfile(out).train_cfg.max_epochs == epochs
