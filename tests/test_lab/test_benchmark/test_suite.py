"""run_benchmarks: the quick run of all sub-benchmarks."""
import math

import pytest
import torch

from pointcmt_lab.benchmark import run_benchmarks


def _timings(node):
    """Every ``time_call`` result nested in ``node``."""
    if isinstance(node, dict):
        if 'min_s' in node:
            yield node
        for value in node.values():
            yield from _timings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _timings(value)


def _check_times(node):
    found = list(_timings(node))
    assert found
    for t in found:
        assert 0 < t['min_s'] <= t['median_s'] and t['repeats'] >= 1


def test_quick_environment_and_settings(quick_report):
    env = quick_report['environment']
    for key in ('torch', 'numpy', 'scipy', 'cpu_model', 'python'):
        assert isinstance(env[key], str) and env[key]
    assert env['torch_threads'] == 1
    assert env['peak_memory_method'] in ('vmhwm', 'ru_maxrss')
    assert quick_report['settings'] == dict(
        quick=True,
        repeats=1,
        warmup=0,
        only=['train', 'inference', 'emd', 'render', 'mesh_render', 'ops'])
    assert set(quick_report['results']) == {
        'train', 'inference', 'emd', 'render', 'mesh_render', 'ops'
    }
    for result in quick_report['results'].values():
        assert result['wall_s'] > 0


def test_quick_train(quick_report):
    train = quick_report['results']['train']
    _check_times(train)
    assert set(
        train['step']) == {'vanilla', 'pointcmt_cached', 'pointcmt_online'}
    for ratio in train['ratio_to_vanilla'].values():
        assert math.isfinite(ratio) and ratio > 0
    cached = train['breakdown']['pointcmt_cached']
    online = train['breakdown']['pointcmt_online']
    assert {'cmpg_forward', 'emd_assignment', 'kl',
            'loss_fe'} <= set(cached['parts'])
    assert {'render', 'teacher_forward'} <= set(online['parts'])
    assert 'teacher_forward' not in cached['parts']
    assert cached['dominant'] in cached['parts']
    assert online['dominant'] in online['parts']


def test_quick_inference(quick_report):
    inference = quick_report['results']['inference']
    _check_times(inference)
    assert inference['params_equal']
    assert inference['params']['exported'] == inference['params']['vanilla']
    for row in inference['rows']:
        assert row['max_abs_diff_exported_vs_vanilla'] == 0
        assert row['max_abs_diff_exported_vs_distiller'] == 0
        assert math.isfinite(row['latency_ratio_exported_to_vanilla'])


def test_quick_emd(quick_report):
    emd = quick_report['results']['emd']
    _check_times(emd)
    solvers = [r['solver'] for r in emd['rows']]
    assert solvers[:4] == [
        'scipy_reference', 'exact', 'auction_cpu', 'auction'
    ]
    for row in emd['rows']:
        assert math.isfinite(row['rel_err']) and row['emd'] > 0
    exact = emd['rows'][1]
    assert abs(exact['rel_err']) < 1e-5
    for row in emd['rows'][2:4]:
        # the auctions' defaults: within 1 % of exact on unit-box sets
        assert abs(row['rel_err']) < 0.01
    assert all(isinstance(u, str) for u in emd['unavailable'])


def test_quick_render(quick_report):
    render = quick_report['results']['render']
    _check_times(render)
    presets = {r['preset']: r['views'] for r in render['rows']}
    assert presets == dict(simpleview6=6, ring12=12, dodecahedron20=20)
    for row in render['rows']:
        for mode in ('per_sample', 'batched'):
            assert row[mode]['views_per_s'] > 0


def test_quick_ops(quick_report):
    ops = quick_report['results']['ops']
    _check_times(ops)
    assert {r['op']
            for r in ops['rows']} == {'fps', 'ball_query', 'knn', 'grouping'}
    for row in ops['rows']:
        assert row['agrees_with_reference']
        assert set(row['peak_memory']) == set(row['time'])
        for mem in row['peak_memory'].values():
            assert mem['peak_bytes'] >= 0
        for ratio in row['ratio_ours_to'].values():
            assert math.isfinite(ratio) and ratio > 0
    scipy_ops = {r['op'] for r in ops['rows'] if 'scipy_ckdtree' in r['time']}
    assert scipy_ops == {'ball_query', 'knn'}


def test_bad_arguments():
    for bad in (dict(repeats=0), dict(warmup=-1), dict(threads=0),
                dict(only=['nothing']),
                dict(only=['render', 'ops'], device='cuda')):
        with pytest.raises(ValueError, match='run_benchmarks'):
            run_benchmarks(**bad)


@pytest.mark.skipif(not torch.cuda.is_available(), reason='needs CUDA')
def test_quick_renderers_on_cuda():
    report = run_benchmarks(
        only=['render', 'mesh_render'], quick=True, device='cuda')
    assert report['environment']['device'] == 'cuda'
    assert report['environment']['gpu']
    for name in ('render', 'mesh_render'):
        rows = report['results'][name]['rows']
        _check_times(rows)
        for row in rows:
            assert 'per_sample' not in row and 'numba_zbuffer' not in row
            assert row['batched']['views_per_s'] > 0
            assert row['max_abs_diff_to_cpu'] < 1e-4


@pytest.mark.skipif(not torch.cuda.is_available(), reason='needs CUDA')
def test_quick_emd_on_cuda():
    report = run_benchmarks(only=['emd'], quick=True, device='cuda')
    rows = report['results']['emd']['rows']
    _check_times(rows)
    solvers = {r['solver']: r for r in rows}
    assert set(solvers) == {
        'scipy_reference', 'exact', 'auction_cpu', 'auction'
    }
    assert abs(solvers['exact']['rel_err']) < 1e-6
    assert abs(solvers['auction']['rel_err']) < 0.01
