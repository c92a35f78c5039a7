"""The declared studies: the pilot mechanism with a stand-in step, the
driver, and the committed summaries re-made from the committed runs."""
import json
import os.path as osp
import shutil

import pytest
from _helpers import REPO

from pointcmt_lab import (STUDIES, VANILLA_OPTIONS, Pilot, PilotStudy,
                          Record, Variant, run_study)

VARIANTS = {
    'vanilla': Variant(dict(VANILLA_OPTIONS)),
    'vanilla_wd': Variant({**VANILLA_OPTIONS, 'wd': 0.5}),
    'kd': Variant({'model.loss_kd': 'on'}, on='vanilla'),
    'kd_wd': Variant({'model.loss_kd': 'on'}, on='vanilla_wd'),
    'fe_wd': Variant({'model.loss_fe': 'on'}, on='vanilla_wd'),
}
# val accuracy by options; test = val - 1 + seed
VAL = {'vanilla': 80.0, 'vanilla_wd': 82.0, 'kd': 83.0, 'kd_wd': 81.0,
       'fe_wd': 84.0}


class FakeStep:
    """Records its calls; accuracies from the variant its options make."""

    def __init__(self):
        self.calls = []

    def __call__(self, name, config, options, test_metric, voting=False):
        self.calls.append((name, config, options, voting))
        variant = name.rsplit('_seed', 1)[0]
        seed = options['randomness.seed']
        return dict(best_val=dict(best_score=VAL[variant] + seed / 1000),
                    value=VAL[variant] - 1 + seed, wall_s=10.0)


def pilot(step, tmp_path, variants=VARIANTS):
    return PilotStudy(step, str(tmp_path / 'work'), str(tmp_path / 'r'),
                      'p.py', lambda config: {'wired': config}, variants,
                      seeds=(0, 1), what='a pilot', cfg_options={'x': 1})


def test_pilot_runs_pairs_and_selects_on_val(tmp_path):
    step = FakeStep()
    summary = pilot(step, tmp_path).run()
    # seed by seed, every variant; on top of its vanilla's options
    assert [c[0] for c in step.calls[:5]] == [
        f'{v}_seed0' for v in VARIANTS
    ]
    kd_wd = next(c for c in step.calls if c[0] == 'kd_wd_seed1')
    assert kd_wd[2]['wd'] == 0.5 and kd_wd[2]['model.loss_kd'] == 'on'
    assert kd_wd[2]['wired'] == 'p.py' and not kd_wd[3]
    assert kd_wd[2]['model.loss_fe'] is None  # from the vanilla's options
    # the vanilla with the best val, then the best variant on top of it
    assert summary['selected_on_val'] == dict(vanilla='vanilla_wd',
                                              cross_modal='fe_wd')
    assert summary['minus_vanilla']['kd_wd']['vanilla'] == 'vanilla_wd'
    assert summary['minus_vanilla']['kd_wd']['test']['values'] == [-1.0,
                                                                   -1.0]
    assert summary['minus_vanilla']['vanilla_wd']['vanilla'] == 'vanilla'
    assert 'vanilla' not in summary['minus_vanilla']
    assert summary['runs']['kd'][1] == dict(seed=1, val=83.0, test=83.0,
                                            wall_s=10.0)
    assert summary['cfg_options'] == {'x': 1}
    written = tmp_path / 'r'
    assert json.loads((written / 'summary.json').read_text()) == summary
    assert '| fe_wd | 2 | 84.00 ± 0.00 | 83.50 ± 0.71 | +2.00 ± 0.00 |' in (
        written / 'summary.md').read_text()
    # committed runs are not run again
    again = FakeStep()
    assert pilot(again, tmp_path).run() == summary and again.calls == []


def test_pilot_shards_and_partial_runs(tmp_path):
    first = FakeStep()
    summary = pilot(first, tmp_path).run(shard=(1, 4))
    assert [c[0] for c in first.calls] == ['vanilla_wd_seed0', 'vanilla_seed1',
                                           'fe_wd_seed1']
    # no variant shares a seed with its vanilla yet: nothing is paired
    assert summary['minus_vanilla'] == {}
    assert 'kd' not in summary['runs']
    assert summary['selected_on_val']['cross_modal'] == 'fe_wd'


def test_pilot_refuses_a_bad_on_and_an_unknown_phase(tmp_path):
    bad = {**VARIANTS, 'x': Variant({}, on='kd')}
    with pytest.raises(ValueError, match="variant 'x': on='kd'"):
        pilot(FakeStep(), tmp_path, bad)
    with pytest.raises(ValueError, match="phases must be among.*'search'"):
        pilot(FakeStep(), tmp_path).run(('search', ))


def test_the_declarations_address_options_by_name():
    """No declared override addresses a list by index, and every declared
    study names its commit."""
    for name, study in STUDIES.items():
        assert study.commit, name
        if isinstance(study, Record):
            continue
        options = [study.pinned, getattr(study, 'cfg_options', {}),
                   getattr(study, 'stage_options', {})]
        if isinstance(study, Pilot):
            options += [v.options for v in study.variants.values()]
        else:
            options += [o for f in study.space.values() for o in f.values()]
        for opts in options:
            for key in opts:
                assert not any(part.isdigit() for part in key.split('.')), (
                    name, key)


def test_a_record_is_not_run():
    with pytest.raises(ValueError, match='record.*git checkout 1eb3dba'):
        run_study('clean-cmpg', phases=())


@pytest.mark.parametrize('name', ['modelnet40-cpu', 'synthetic',
                                  'augmentation', 'hint'])
def test_committed_summary_is_remade_from_the_committed_runs(tmp_path, name):
    """``run_study(name, phases=())`` on a copy of the committed folder
    writes the committed summary.json byte for byte (trains nothing)."""
    folder = osp.join(REPO, 'docs', 'studies', name)
    copy = tmp_path / name
    shutil.copytree(folder, copy)
    (copy / 'summary.json').unlink()
    run_study(name, work_dir=str(tmp_path / 'work'), results_dir=str(copy),
              phases=(), config_root=REPO)
    with open(osp.join(folder, 'summary.json'), 'rb') as f:
        assert (copy / 'summary.json').read_bytes() == f.read()


def test_vanilla_pilots_train_no_stages():
    """A pilot whose variants switch every cross-modal term off needs no
    teacher, CMPG or feature cache; any other study does."""
    from pointcmt_lab.driver import needs_stages
    assert not needs_stages(STUDIES['pointmlp-elite'])
    assert needs_stages(STUDIES['hint'])
    assert needs_stages(STUDIES['modelnet40-cpu'])
    pilot = STUDIES['pointmlp-elite']
    assert pilot.students == ('pointmlp-elite', )
    assert all(pilot.variants['vanilla'].options[k] is None
               for k in VANILLA_OPTIONS)
