"""The recipe study end to end on a tiny setting, and its restart."""
import json
import os.path as osp
import subprocess
import sys

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
TINY = [
    'train_dataloader.dataset.num_samples_per_class=3',
    'val_dataloader.dataset.num_samples_per_class=1',
    'test_dataloader.dataset.num_samples_per_class=1',
    'train_dataloader.batch_size=13', 'train_cfg.max_epochs=1'
]


def _run(tmp_path):
    proc = subprocess.run([
        sys.executable, 'tools/run_study.py', '--preset', 'synthetic',
        '--work-dir',
        str(tmp_path / 'work'), '--results-dir',
        str(tmp_path / 'results'), '--seeds', '0', '--max-candidates', '1',
        '--cfg-options', *TINY
    ], cwd=REPO, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc.stdout


def test_study_end_to_end(tmp_path):
    out = _run(tmp_path)
    results = tmp_path / 'results'
    summary = json.loads((results / 'summary.json').read_text())
    assert summary['selected'] == {
        'vanilla': 'base',
        'pointcmt': 'fe3_ce-batchmean'
    }
    assert set(summary['report']['pointnet2']) == {
        'vanilla', 'reference', 'pointcmt'
    }
    assert 'Report, pointnet2' in out
    # a PointCMT run logs its health signals; its committed result has them
    run = json.loads(
        (results / 'search_pointnet2_pointcmt_fe3_ce-batchmean_on-base_seed0'
         '.json').read_text())
    assert {'teacher_feat_acc', 'fc_weight_norm', 'grad_fe',
            'grad_ce'} <= set(run['health'])
    assert run['options']['model.loss_fe']['loss_weight'] == 3.0
    reference = json.loads(
        (results / 'report_pointnet2_reference_seed0.json').read_text())
    assert reference['options']['model.loss_ce']['reduction'] == 'sum'
    # the vanilla runs trained with the task loss only
    vanilla = json.loads(
        (results / 'search_pointnet2_vanilla_base_seed0.json').read_text())
    assert vanilla['health'] == {}
    # the teacher and CMPG the runs depend on are committed with them
    stages = json.loads((results / 'stages.json').read_text())
    assert len(stages['teacher']['checkpoint_sha256']) == 64
    assert set(stages) == {'teacher', 'cmpg'}
    # a second invocation finds every run done
    _run(tmp_path)
    assert json.loads((results / 'summary.json').read_text()) == summary
