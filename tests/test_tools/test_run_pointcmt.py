"""The main job end to end on a tiny setting, and its restart."""
import json
import os.path as osp
import subprocess
import sys

import pytest

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
TINY = [
    'train_dataloader.dataset.num_samples_per_class=3',
    'val_dataloader.dataset.num_samples_per_class=1',
    'test_dataloader.dataset.num_samples_per_class=1',
    'train_dataloader.batch_size=13', 'train_cfg.max_epochs=1'
]


def _run(work_dir):
    proc = subprocess.run([
        sys.executable, 'tools/run_pointcmt.py', '--work-dir',
        str(work_dir), '--seeds', '0', '1', '--cfg-options', *TINY
    ], cwd=REPO, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc.stdout


def test_main_job_summary_and_restart(tmp_path):
    _run(tmp_path)
    summary = json.loads((tmp_path / 'summary.json').read_text())
    for key in ('teacher_acc', 'cmpg_emd', 'vanilla_acc', 'pointcmt_acc'):
        assert isinstance(summary[key], float), key
    assert 0 <= summary['teacher_acc'] <= 100 and summary['cmpg_emd'] > 0
    assert len(summary['pointcmt']['overall_acc']['values']) == 2
    diff = summary['pointcmt_minus_vanilla']['values']
    accs = summary['pointcmt']['overall_acc']['values']
    base = summary['vanilla']['overall_acc']['values']
    assert diff == pytest.approx([a - b for a, b in zip(accs, base)],
                                 abs=2e-3)
    assert set(summary['wall_s']) >= {'teacher', 'cmpg', 'vanilla',
                                      'pointcmt'}
    # the vanilla run trained with only the task loss, PointCMT with all
    logs = {
        kind: (tmp_path / f'{kind}_seed0').glob('*/vis_data/scalars.json')
        for kind in ('vanilla', 'pointcmt')
    }
    keys = {
        kind: set().union(*(json.loads(line) for f in files
                            for line in f.read_text().splitlines()))
        for kind, files in logs.items()
    }
    assert 'loss_fe' in keys['pointcmt'] and 'loss_ce' in keys['pointcmt']
    assert 'loss_fe' not in keys['vanilla'] and 'loss_cls' in keys['vanilla']
    # a second invocation finds every step done and only re-summarises
    out = _run(tmp_path)
    assert out.count('done before, skipping') == 6
