"""The recipe study's logic with a stand-in training step."""
import json

import pytest
from _helpers import REPO, TINY_RUN_OPTIONS

from pointcmt_lab import (REFERENCE_RECIPE, SEARCH_SPACE, VANILLA_OPTIONS,
                          Recipe, RecipeStudy, first_candidates,
                          last_epoch_health, run_study, select_on_val,
                          study_tables)

SPACE = {
    'vanilla': {
        'a': dict(VANILLA_OPTIONS),
        'b': {
            **VANILLA_OPTIONS, 'x': 1
        }
    },
    'pointcmt': {
        'c': {
            'model.loss_fe': 'on'
        },
        'd': {
            'model.loss_kd': 'on'
        },
        'e': {
            'model.loss_ce': 'on'
        }
    },
}
# the stand-in step's val / test accuracy per candidate
VAL = {'a': 80.0, 'b': 82.0, 'c': 81.0, 'd': 83.0, 'e': 83.0}


class FakeStep:
    """Records its calls; val/test accuracy from the options."""

    def __init__(self):
        self.calls = []

    def __call__(self, name, config, options, test_metric, voting=False):
        self.calls.append((name, config, options, voting))
        key = next((k for k, opts in (('d', {
            'model.loss_kd': 'on'
        }), ('e', {
            'model.loss_ce': 'on'
        }), ('c', {
            'model.loss_fe': 'on'
        }), ('b', {
            'x': 1
        })) if all(options.get(o) == v for o, v in opts.items())), 'a')
        seed = options['randomness.seed']
        result = dict(
            config=config,
            best_val=dict(best_score=VAL[key]),
            test_metrics={
                test_metric: VAL[key] - 1 + seed,
                'test/mean_class_acc': VAL[key] - 5
            },
            value=VAL[key] - 1 + seed,
            wall_s=60.0)
        if voting:
            result['voting'] = dict(
                overall_acc=dict(mean=VAL[key] + seed, values=[]))
        return result


def test_first_candidates_and_the_shipped_space():
    small = first_candidates(1, SPACE)
    assert {f: list(c) for f, c in small.items()} == {
        'vanilla': ['a'],
        'pointcmt': ['c']
    }
    with pytest.raises(ValueError, match='k must be >= 1'):
        first_candidates(0)
    # the shipped space gives both families the same budget, and every
    # candidate sets every switch (none leans on a config's defaults)
    sizes = {len(c) for c in SEARCH_SPACE.values()}
    assert len(sizes) == 1
    for family in SEARCH_SPACE.values():
        for options in family.values():
            assert set(VANILLA_OPTIONS) <= set(options)
    assert all(v is None for v in VANILLA_OPTIONS.values())
    assert REFERENCE_RECIPE['model.loss_ce']['reduction'] == 'sum'
    assert REFERENCE_RECIPE['model.loss_fe']['loss_weight'] == 30.0


def test_select_on_val_uses_val_only_and_keeps_the_earlier_tie():
    results = {
        n: dict(best_val=dict(best_score=VAL[n]), value=100 - VAL[n])
        for n in 'cde'
    }
    assert select_on_val(results) == 'd'
    with pytest.raises(ValueError, match='no finished candidate'):
        select_on_val({})


def test_study_runs_resumes_from_committed_results(tmp_path):
    step = FakeStep()
    results_dir = tmp_path / 'results'
    study = RecipeStudy(
        step=step,
        work_dir=str(tmp_path / 'work'),
        results_dir=str(results_dir),
        students=dict(pointnet2='p.py', dgcnn='d.py'),
        shared_options=lambda config: {'wired': config},
        seeds=[0, 1],
        space=SPACE)
    summary = study.run()
    assert summary['selected'] == {'vanilla': 'b', 'pointcmt': 'd'}
    names = [c[0] for c in step.calls]
    # search: first student and seed only, no voting; vanilla first, then
    # PointCMT on top of the selected vanilla (its options included)
    search = [c for c in step.calls if c[0].startswith('search_')]
    assert [c[0] for c in search] == [
        'search_pointnet2_vanilla_a_seed0', 'search_pointnet2_vanilla_b_seed0',
        'search_pointnet2_pointcmt_c_on-b_seed0',
        'search_pointnet2_pointcmt_d_on-b_seed0',
        'search_pointnet2_pointcmt_e_on-b_seed0'
    ]
    assert all(not c[3] and c[1] == 'p.py' for c in search)
    assert search[2][2]['x'] == 1 and search[2][2]['model.loss_fe']
    report = [c for c in step.calls if c[0].startswith('report_')]
    assert len(report) == 2 * 2 * 3 and all(c[3] for c in report)
    assert 'report_dgcnn_reference_seed1' in names
    by_name = {c[0]: c for c in step.calls}
    reference = by_name['report_dgcnn_reference_seed1']
    assert reference[1] == 'd.py' and reference[2]['wired'] == 'd.py'
    assert reference[2]['model.loss_ce'] == REFERENCE_RECIPE['model.loss_ce']
    assert 'x' not in reference[2]  # the official optimiser settings
    selected = by_name['report_pointnet2_pointcmt_seed0'][2]
    assert selected['model.loss_kd'] and selected['x'] == 1
    # every run is committed with its options; the summary and tables too
    saved = json.loads(
        (results_dir / 'report_dgcnn_pointcmt_seed1.json').read_text())
    assert saved['options']['model.loss_kd'] and saved['health'] == {}
    written = json.loads((results_dir / 'summary.json').read_text())
    assert list(written['search']['pointcmt']) == [
        'c (on b)', 'd (on b)', 'e (on b)'
    ]
    assert written['report']['dgcnn']['vanilla'][1]['value'] == 82.0
    table = (results_dir / 'summary.md').read_text()
    assert table == study_tables(written)
    assert '| pointcmt | d (on b) | 83.0 | 82.0 | - | - | - | 1.0 |' in table
    # mean ± std over the two seeds (82.0, 83.0) and the gap to vanilla
    assert '| pointcmt | 82.5 ± 0.7 |' in table
    assert '| pointcmt - vanilla | 1.0 ± 0.0 |' in table

    # a second study (another machine) finds every run committed
    again = FakeStep()
    RecipeStudy(again, str(tmp_path / 'w2'), str(results_dir),
                dict(pointnet2='p.py', dgcnn='d.py'), lambda c: {}, [0, 1],
                SPACE).run()
    assert again.calls == []


def test_partial_search_summary(tmp_path):
    """A search-only run writes the summary of what is finished."""
    study = RecipeStudy(FakeStep(), str(tmp_path), str(tmp_path / 'r'),
                        dict(pointnet2='p.py'), lambda c: {}, [3], SPACE)
    summary = study.run(('search', ))
    assert 'report' not in summary and summary['seeds'] == [3]
    table = (tmp_path / 'r' / 'summary.md').read_text()
    assert 'seed 3 (selected on val: vanilla `b`, pointcmt `d`)' in table
    assert 'Report' not in table


def test_last_epoch_health(tmp_path):
    vis = tmp_path / '20260101_000000' / 'vis_data'
    vis.mkdir(parents=True)
    rows = [
        dict(epoch=1, iter=1, loss=1.0, **{'health/fc_weight_norm': 9.0}),
        dict(epoch=2, iter=2, **{'health/fc_weight_norm': 2.0,
                                 'health/grad_ce': 0.5}),
        dict(epoch=2, iter=3, **{'health/fc_weight_norm': 4.0}),
        dict(epoch=2, step=2, overall_acc=50.0),  # a val line
    ]
    (vis / 'scalars.json').write_text('\n'.join(map(json.dumps, rows)))
    assert last_epoch_health(str(tmp_path)) == dict(
        fc_weight_norm=3.0, grad_ce=0.5)
    assert last_epoch_health(str(tmp_path / 'none')) == {}


def test_sharded_search(tmp_path):
    """Two processes share each stage; a shard that finds the vanilla
    stage unfinished stops before the PointCMT one; report runs of an
    unselected family wait while the reference runs start at once."""

    def study(step):
        return RecipeStudy(step, str(tmp_path), str(tmp_path / 'r'),
                           dict(pointnet2='p.py'), lambda c: {}, [0, 1],
                           SPACE)

    first = FakeStep()
    summary = study(first).run(shard=(0, 2))  # vanilla 'b' not there yet
    # report order: (seed 0) vanilla, reference, pointcmt, (seed 1) ...;
    # shard 0 holds positions 0, 2, 4: only seed 1's reference is decided
    assert [c[0] for c in first.calls] == [
        'search_pointnet2_vanilla_a_seed0', 'report_pointnet2_reference_seed1'
    ]
    assert summary['selected'] == {}
    assert list(summary['report']['pointnet2']) == ['reference']
    second = FakeStep()
    study(second).run(('search', ), shard=(1, 2))
    assert [c[0] for c in second.calls] == [
        'search_pointnet2_vanilla_b_seed0',
        'search_pointnet2_pointcmt_d_on-b_seed0'
    ]
    third = FakeStep()
    summary = study(third).run(shard=(0, 2))
    assert [c[0] for c in third.calls] == [
        'search_pointnet2_pointcmt_c_on-b_seed0',
        'search_pointnet2_pointcmt_e_on-b_seed0',
        'report_pointnet2_vanilla_seed0', 'report_pointnet2_pointcmt_seed0'
    ]
    assert summary['selected'] == {'vanilla': 'b', 'pointcmt': 'd'}
    # the gap pairs runs by seed: only seed 0 has both
    assert '| pointcmt - vanilla | 1.0 (1 seed) |' in study_tables(summary)


def test_report_kinds_limit_the_report(tmp_path):
    """``report_kinds`` leaves the other kinds out of the report (and out of
    the shards' positions); an unknown kind is refused by name."""
    step = FakeStep()
    summary = RecipeStudy(step, str(tmp_path), str(tmp_path / 'r'),
                          dict(pointnet2='p.py'), lambda c: {}, [0, 1],
                          SPACE, report_kinds=('vanilla', 'pointcmt')).run()
    assert [c[0] for c in step.calls if c[0].startswith('report')] == [
        'report_pointnet2_vanilla_seed0', 'report_pointnet2_pointcmt_seed0',
        'report_pointnet2_vanilla_seed1', 'report_pointnet2_pointcmt_seed1'
    ]
    assert set(summary['report']['pointnet2']) == {'vanilla', 'pointcmt'}
    with pytest.raises(ValueError, match="report_kinds.*'teacher'"):
        RecipeStudy(step, str(tmp_path), str(tmp_path / 'r'),
                    dict(pointnet2='p.py'), lambda c: {}, [0],
                    SPACE, report_kinds=('teacher', ))


def test_summary_only_reads_the_committed_runs(tmp_path):
    """With no phase nothing trains; the summary gathers what is on disk
    (PointCMT runs on another base than the selected vanilla are shown but
    not selected from)."""
    results = tmp_path / 'r'
    results.mkdir()
    step = FakeStep()
    for run, options in (('search_pointnet2_vanilla_a_seed0', {}),
                         ('search_pointnet2_pointcmt_c_on-a_seed0', {
                             'model.loss_fe': 'on'
                         })):
        (results / f'{run}.json').write_text(
            json.dumps(step(run, 'p.py', {
                **options, 'randomness.seed': 0
            }, 'test/overall_acc')))
    step = FakeStep()
    summary = RecipeStudy(step, str(tmp_path), str(results),
                          dict(pointnet2='p.py'), None, [0], SPACE).run(())
    assert step.calls == []
    assert {f: list(r) for f, r in summary['search'].items()} == {
        'vanilla': ['a'],
        'pointcmt': ['c (on a)']
    }
    assert summary['selected'] == {}  # vanilla 'b' is not finished
    assert 'none yet' in (results / 'summary.md').read_text()


def test_record_stages_refuses_another_teacher(tmp_path):
    ckpt = tmp_path / 'teacher.pth'
    ckpt.write_bytes(b'one')
    study = RecipeStudy(FakeStep(), str(tmp_path), str(tmp_path / 'r'),
                        dict(pointnet2='p.py'), None, [0], SPACE)
    teacher = dict(checkpoint=str(ckpt), value=88.0)
    study.record_stages(dict(teacher=teacher))
    study.record_stages(dict(teacher=teacher))  # the same: fine
    record = json.loads((tmp_path / 'r' / 'stages.json').read_text())
    assert record['teacher']['value'] == 88.0
    assert len(record['teacher']['checkpoint_sha256']) == 64
    ckpt.write_bytes(b'two')
    with pytest.raises(ValueError, match='another teacher.*teacher.pth'):
        study.record_stages(dict(teacher=teacher))


@pytest.mark.usefixtures('cpu_only')
def test_run_study_end_to_end(tmp_path, capsys):
    """The study of the synthetic preset on a tiny setting, and its
    restart."""
    study = Recipe(
        preset='synthetic', what='tiny', commit='-', seeds=(0, ),
        space=first_candidates(1))

    def run():
        return run_study(
            study,
            work_dir=str(tmp_path / 'work'),
            results_dir=str(tmp_path / 'results'),
            cfg_options=TINY_RUN_OPTIONS,
            config_root=REPO)

    summary = run()
    results = tmp_path / 'results'
    assert json.loads((results / 'summary.json').read_text()) == summary
    assert summary['selected'] == {
        'vanilla': 'base',
        'pointcmt': 'fe3_ce-batchmean'
    }
    assert set(summary['report']['pointnet2']) == {
        'vanilla', 'reference', 'pointcmt'
    }
    assert 'Report, pointnet2' in (results / 'summary.md').read_text()
    # a PointCMT run logs its health signals; its committed result has them
    run_result = json.loads(
        (results / 'search_pointnet2_pointcmt_fe3_ce-batchmean_on-base_seed0'
         '.json').read_text())
    assert {'teacher_feat_acc', 'fc_weight_norm', 'grad_fe',
            'grad_ce'} <= set(run_result['health'])
    assert run_result['options']['model.loss_fe']['loss_weight'] == 3.0
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
    assert run() == summary
    with pytest.raises(ValueError, match='shard'):
        run_study('synthetic', shard=(2, 2))
    with pytest.raises(ValueError, match="phases must be among.*'runs'"):
        run_study(study, str(tmp_path / 'work'), str(tmp_path / 'results'),
                  phases=['runs'], cfg_options=TINY_RUN_OPTIONS,
                  config_root=REPO)
