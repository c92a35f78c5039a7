"""tools/benchmark.py: the quick run of all sub-benchmarks, and helpers."""
import importlib.util
import json
import math
import os.path as osp

import pytest
import torch

from pointcmt.benchmark.measure import (environment_info,
                                        measure_peak_memory, time_call)

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def _load_tool():
    spec = importlib.util.spec_from_file_location(
        'benchmark', osp.join(REPO, 'tools', 'benchmark.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


@pytest.fixture(scope='module')
def quick_report(tmp_path_factory):
    out = tmp_path_factory.mktemp('bench') / 'bench.json'
    report = _load_tool().main(
        ['--quick', '--threads', '1', '--out',
         str(out)])
    assert json.loads(out.read_text()) == json.loads(json.dumps(report))
    return report


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
    solvers = [(r['solver'], r['kwargs'].get('eps')) for r in emd['rows']]
    assert solvers[:4] == [('scipy_reference', None), ('exact', None),
                           ('auction', 1e-3), ('auction', 1e-4)]
    for row in emd['rows']:
        assert math.isfinite(row['rel_err']) and row['emd'] > 0
    exact = emd['rows'][1]
    assert abs(exact['rel_err']) < 1e-5
    for row in emd['rows'][2:4]:
        # The auction is within eps of the optimal mean squared distance.
        assert row['rel_err'] > -1e-5 and row['rel_err'] < 0.1
    assert all(isinstance(u, str) for u in emd['unavailable'])


def test_quick_render(quick_report):
    render = quick_report['results']['render']
    _check_times(render)
    presets = {r['preset']: r['views'] for r in render['rows']}
    assert presets == dict(simpleview6=6, ring12=12, dodecahedron20=20)
    for row in render['rows']:
        for mode in ('per_sample', 'batched'):
            assert row[mode]['views_per_s'] > 0


def test_quick_mesh_render(tmp_path):
    tool = _load_tool()
    report = tool.main([
        '--quick', '--threads', '1', '--only', 'mesh_render', '--out',
        str(tmp_path / 'mesh.json')
    ])
    mesh = report['results']['mesh_render']
    _check_times(mesh)
    assert mesh['num_views'] == 12 and mesh['num_faces'] == 128
    assert [r['image_size'] for r in mesh['rows']] == [16]
    for row in mesh['rows']:
        for mode in ('per_sample', 'batched'):
            assert row[mode]['views_per_s'] > 0
        if 'numba' not in mesh['unavailable']:
            assert row['numba_zbuffer']['same_coverage']
    vertices, faces = tool.torus_mesh(32, 32)
    assert faces.shape == (2048, 3) and int(faces.max()) == 1023
    assert vertices.norm(dim=1).max() <= 1.0 + 1e-6


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


def test_only_stdout_json_and_bad_args(tmp_path, capsys):
    tool = _load_tool()
    report = tool.main([
        '--quick', '--only', 'render', 'inference', '--out',
        str(tmp_path / 'r.json')
    ])
    assert list(report['results']) == ['inference', 'render']
    # stdout holds the JSON report and nothing else.
    assert json.loads(capsys.readouterr().out) == json.loads(
        json.dumps(report))
    for bad in (['--repeats', '0'], ['--warmup',
                                     '-1'], ['--threads',
                                             '0'], ['--only', 'nothing']):
        with pytest.raises(SystemExit):
            tool.parse_args(bad)


def test_time_call_and_peak_memory():
    calls = []
    timing = time_call(lambda: calls.append(1), repeats=3, warmup=2)
    assert len(calls) == 5 and timing['repeats'] == 3
    assert 0 <= timing['min_s'] <= timing['median_s']
    with pytest.raises(ValueError, match='repeats'):
        time_call(lambda: None, repeats=0)
    size = 64 * 2**20
    mem = measure_peak_memory(lambda: torch.ones(size // 4).sum())
    if mem['method'] == 'vmhwm':
        assert 0.9 * size <= mem['peak_bytes'] <= 1.5 * size
    assert environment_info(3)['torch_threads'] == 3


def test_tables_of_the_quick_report(quick_report, tmp_path):
    spec = importlib.util.spec_from_file_location(
        'benchmark_tables', osp.join(REPO, 'tools', 'benchmark_tables.py'))
    tables = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tables)
    path = tmp_path / 'report.json'
    path.write_text(json.dumps(quick_report))
    text = tables.main([str(path)])
    for name in quick_report['results']:
        assert f'### {name} (' in text
    # one table row per EMD row / ops row, with its measured median
    emd = quick_report['results']['emd']['rows'][0]
    assert (f"| {emd['B']} | {emd['P']} | {emd['solver']} | "
            f"{emd['time']['median_s'] * 1e3:.1f} |") in text
    assert text.count('| fps |') == sum(
        r['op'] == 'fps' for r in quick_report['results']['ops']['rows'])
