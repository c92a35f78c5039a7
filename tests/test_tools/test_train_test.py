"""tools/train.py, test.py (voting) and --resume end to end.

Distributed runs are tested in tests/test_reliability/test_distributed.py.
"""
import json
import subprocess
import sys

import pytest
import torch
from _helpers import REPO, cpu_env, tiny_run_args

CONFIG = 'configs/cls_pointnet2-ssg_synthetic.py'
NUM_TEST = 13 * 2  # 13 classes x 2 shapes
TINY = {
    'val_dataloader.dataset.num_samples_per_class': 2,
    'test_dataloader.dataset.num_samples_per_class': 2,
    'default_hooks.logger.interval': 1
}


def _run(*args):
    proc = subprocess.run(
        args, cwd=REPO, env=cpu_env(), capture_output=True, text=True,
        timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc


def _train(work_dir, epochs, *extra):
    return _run(
        sys.executable, 'tools/train.py', CONFIG, '--work-dir',
        str(work_dir), *extra, '--cfg-options',
        *tiny_run_args(dict(TINY, **{'train_cfg.max_epochs': epochs})))


@pytest.fixture(scope='module')
def trained(tmp_path_factory):
    work_dir = tmp_path_factory.mktemp('train')
    _train(work_dir, 1)
    return work_dir


def test_train_writes_checkpoints_and_confusion(trained):
    assert (trained / 'epoch_1.pth').exists()
    report = json.loads((trained / 'confusion_matrix.json').read_text())
    assert report['num_samples'] == NUM_TEST
    assert len(report['classes']) == 13


def test_checkpoint_loads_with_weights_only(trained):
    ckpt = torch.load(trained / 'epoch_1.pth', weights_only=True)
    assert ckpt['meta']['epoch'] == 1
    assert 'message_hub' in ckpt and 'optimizer' in ckpt


def test_resume_continues_schedule(trained, tmp_path):
    work_dir = tmp_path / 'resumed'
    work_dir.mkdir()
    for name in ('epoch_1.pth', 'last_checkpoint'):
        data = (trained / name).read_bytes()
        if name == 'last_checkpoint':
            data = str(work_dir / 'epoch_1.pth').encode()
        (work_dir / name).write_bytes(data)
    proc = _train(work_dir, 2, '--resume')
    assert 'resumed epoch: 1' in proc.stdout + proc.stderr
    ckpt = torch.load(work_dir / 'epoch_2.pth', weights_only=True)
    first = torch.load(trained / 'epoch_1.pth', weights_only=True)
    assert ckpt['meta']['epoch'] == 2
    assert ckpt['meta']['iter'] == 2 * first['meta']['iter']
    lrs = ckpt['message_hub']['log_scalars']['train/lr']._log_history
    assert len(lrs) == ckpt['meta']['iter']


def test_test_with_votes(trained, tmp_path):
    out = tmp_path / 'metrics.json'
    _run(sys.executable, 'tools/test.py', CONFIG,
         str(trained / 'epoch_1.pth'), '--work-dir', str(tmp_path),
         '--votes', '3', '--out-metrics', str(out), '--cfg-options',
         *tiny_run_args(TINY))
    metrics = json.loads(out.read_text())
    report = json.loads((tmp_path / 'test_confusion_matrix.json').read_text())
    # the 3 votes of each shape were merged into one prediction (the merge
    # itself: tests/test_engine/test_voting.py)
    assert report['num_samples'] == NUM_TEST
    assert sum(map(sum, report['confusion_matrix'])) == NUM_TEST
    assert metrics['test/overall_acc'] == pytest.approx(report['overall_acc'])
