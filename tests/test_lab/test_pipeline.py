"""The end-to-end pipeline on a tiny setting, and its restart."""
import json
import os.path as osp

import pytest
from _helpers import REPO, TINY_RUN_OPTIONS

from pointcmt_lab import PIPELINE_PRESETS, Pipeline, seed_stats


def _run(work_dir, **kwargs):
    kwargs.setdefault('seeds', (0, 1))
    kwargs.setdefault('cfg_options', TINY_RUN_OPTIONS)
    return Pipeline(
        'synthetic', work_dir=str(work_dir), config_root=REPO,
        **kwargs).run()


@pytest.mark.usefixtures('cpu_only')
def test_main_job_summary_and_restart(tmp_path, capsys):
    summary = _run(tmp_path)
    assert json.loads((tmp_path / 'summary.json').read_text()) == summary
    assert isinstance(summary['teacher_acc'], float)
    assert 0 <= summary['teacher_acc'] <= 100 and summary['cmpg_emd'] > 0
    (student, ) = summary['students']
    result = summary['students'][student]
    assert list(result) == ['vanilla', 'pointcmt', 'kd']
    base = result['vanilla']['overall_acc']['values']
    assert len(base) == 2 and 'minus_vanilla' not in result['vanilla']
    for kind in ('pointcmt', 'kd'):
        accs = result[kind]['overall_acc']['values']
        assert result[kind]['minus_vanilla']['values'] == pytest.approx(
            [a - b for a, b in zip(accs, base)], abs=2e-3)
    assert result['kd']['config'].endswith('kd_pointnet2_synthetic.py')
    assert set(summary['wall_s']) >= {'teacher', 'cmpg', 'students'}
    # each variant trained its own terms: the task loss alone, PointCMT's
    # Feature and Classifier Enhancement, logit distillation
    trained = {
        'vanilla': {'loss_cls'},
        'pointcmt': {'loss_cls', 'loss_fe', 'loss_ce'},
        'kd': {'loss_cls', 'loss_kd'}
    }
    for kind, terms in trained.items():
        files = (tmp_path / f'{student}_{kind}_seed0').glob(
            '*/vis_data/scalars.json')
        keys = set().union(*(json.loads(line) for f in files
                             for line in f.read_text().splitlines()))
        assert {k for k in keys if k.startswith('loss_')} == terms, kind
    table = (tmp_path / 'summary.md').read_text()
    assert 'PointCMT (loss_cls + loss_fe + loss_ce)' in table
    # a second run finds every step done and only re-summarises
    capsys.readouterr()
    _run(tmp_path)
    assert capsys.readouterr().out.count('done before, skipping') == 8
    # a step folder made with other options is not taken as done
    with pytest.raises(ValueError, match='was made with'):
        _run(tmp_path, cfg_options={**TINY_RUN_OPTIONS,
                                    'train_cfg.max_epochs': 2})


@pytest.mark.usefixtures('cpu_only')
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
