"""The end-to-end pipeline on a tiny setting, and its restart."""
import json
import os.path as osp

import pytest
from _helpers import REPO, TINY_RUN_OPTIONS

from pointcmt_lab import PIPELINE_PRESETS, Pipeline, seed_stats


def _run(work_dir, **kwargs):
    kwargs.setdefault('seeds', (0, 1))
    return Pipeline(
        'synthetic',
        work_dir=str(work_dir),
        cfg_options=TINY_RUN_OPTIONS,
        config_root=REPO,
        **kwargs).run()


def test_main_job_summary_and_restart(tmp_path, capsys):
    summary = _run(tmp_path)
    assert json.loads((tmp_path / 'summary.json').read_text()) == summary
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
    # the vanilla run trained with only the task loss, PointCMT with the
    # config's recipe (logit distillation from the teacher)
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
    assert 'loss_kd' in keys['pointcmt'] and 'loss_fe' not in keys['pointcmt']
    assert 'loss_kd' not in keys['vanilla'] and 'loss_cls' in keys['vanilla']
    # a second run finds every step done and only re-summarises
    capsys.readouterr()
    _run(tmp_path)
    assert capsys.readouterr().out.count('done before, skipping') == 6


def test_voting_repeats(tmp_path):
    """Voting is reported as the mean over repeats of fresh draws."""
    summary = _run(tmp_path, seeds=(0, ), votes=2, vote_repeats=2)
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


def test_presets_and_bad_arguments():
    for preset in PIPELINE_PRESETS.values():
        students = preset.students.values()
        assert all(set(configs) == {'pointcmt', 'kd'} for configs in students)
        for config in (preset.teacher, preset.cmpg,
                       *(c for configs in students for c in configs.values())):
            assert osp.isfile(osp.join(REPO, config)), config
        assert preset.vote_repeats >= 1 or not preset.votes
    assert list(PIPELINE_PRESETS['modelnet40-cpu'].students) == [
        'pointnet2', 'dgcnn', 'pointmlp-elite'
    ]
    pipeline = Pipeline('modelnet40-cpu', students=['dgcnn'], votes=0)
    assert list(pipeline.students) == ['dgcnn'] and pipeline.votes == 0
    assert pipeline.work_dir.endswith(osp.join('work_dirs',
                                               'run_modelnet40-cpu'))
    with pytest.raises(ValueError, match='not in preset'):
        Pipeline(students=['x'])
    with pytest.raises(ValueError, match='--vote-repeats'):
        Pipeline(votes=2, vote_repeats=0)
    with pytest.raises(ValueError, match='preset must be one of'):
        Pipeline('nope')


def test_seed_stats():
    assert seed_stats([1.0, 2.0, 4.0]) == dict(
        mean=2.333, std=1.528, values=[1.0, 2.0, 4.0])
    assert seed_stats([0.123456, 0.2], digits=2) == dict(
        mean=0.16, std=0.05, values=[0.12, 0.2])
    # one seed: no spread
    assert seed_stats([3.14159]) == dict(mean=3.142, std=0.0, values=[3.142])
