"""The main job end to end on a tiny setting, and its restart."""
import importlib.util
import json
import os.path as osp
import subprocess
import sys

import pytest

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
sys.path.append(osp.join(REPO, 'tools'))
_spec = importlib.util.spec_from_file_location(
    'run_pointcmt', osp.join(REPO, 'tools', 'run_pointcmt.py'))
run_pointcmt = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(run_pointcmt)
TINY = [
    'train_dataloader.dataset.num_samples_per_class=3',
    'val_dataloader.dataset.num_samples_per_class=1',
    'test_dataloader.dataset.num_samples_per_class=1',
    'train_dataloader.batch_size=13', 'train_cfg.max_epochs=1'
]


def _run(work_dir, *args):
    args = args or ('--seeds', '0', '1')
    proc = subprocess.run([
        sys.executable, 'tools/run_pointcmt.py', '--work-dir',
        str(work_dir), *args, '--cfg-options', *TINY
    ], cwd=REPO, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc.stdout


def test_main_job_summary_and_restart(tmp_path):
    _run(tmp_path)
    summary = json.loads((tmp_path / 'summary.json').read_text())
    assert isinstance(summary['teacher_acc'], float)
    assert 0 <= summary['teacher_acc'] <= 100 and summary['cmpg_emd'] > 0
    (student, ) = summary['students']
    result = summary['students'][student]
    accs = result['pointcmt']['overall_acc']['values']
    base = result['vanilla']['overall_acc']['values']
    assert len(accs) == len(base) == 2
    assert result['pointcmt_minus_vanilla']['values'] == pytest.approx(
        [a - b for a, b in zip(accs, base)], abs=2e-3)
    assert set(summary['wall_s']) >= {'teacher', 'cmpg', 'students'}
    # the vanilla run trained with only the task loss, PointCMT with all
    logs = {
        kind: (tmp_path / f'{student}_{kind}_seed0').glob(
            '*/vis_data/scalars.json')
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


def test_voting_repeats(tmp_path):
    """Voting is reported as the mean over repeats of fresh draws."""
    _run(tmp_path, '--seeds', '0', '--votes', '2', '--vote-repeats', '2')
    summary = json.loads((tmp_path / 'summary.json').read_text())
    result = summary['students']['pointnet2']
    for kind in ('vanilla', 'pointcmt'):
        run = json.loads(
            (tmp_path / f'pointnet2_{kind}_seed0/result.json').read_text())
        repeats = run['voting']['overall_acc']['values']
        assert len(repeats) == 2 and run['voting']['votes'] == 2
        assert run['voting']['overall_acc']['mean'] == pytest.approx(
            sum(repeats) / 2, abs=2e-3)
        assert result[kind]['voting']['overall_acc']['values'] == [
            run['voting']['overall_acc']['mean']
        ]
        assert 'best_score' in run['best_val']
        # each test keeps its own confusion matrix
        run_dir = tmp_path / f'pointnet2_{kind}_seed0'
        plain = json.loads(
            (run_dir / 'test_confusion_matrix.json').read_text())
        assert plain['overall_acc'] == pytest.approx(run['value'])
        for k, acc in enumerate(repeats):
            voted = json.loads((run_dir / f'voting_{k}' /
                                'test_confusion_matrix.json').read_text())
            assert voted['overall_acc'] == pytest.approx(acc, abs=2e-3)


def test_bad_arguments():
    with pytest.raises(ValueError, match='not in preset'):
        run_pointcmt.Pipeline(run_pointcmt.parse_args(['--students', 'x']))
    with pytest.raises(ValueError, match='--vote-repeats'):
        run_pointcmt.Pipeline(
            run_pointcmt.parse_args(['--votes', '2', '--vote-repeats', '0']))
