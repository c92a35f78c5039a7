"""Markdown tables of a benchmark report (:func:`run_benchmarks`'s JSON)."""
import json
from typing import Callable, Dict, List, Tuple, Union


def _ms(entry: Dict) -> str:
    return f"{entry['median_s'] * 1e3:.1f}"


def _table(header: List[str], rows: List[List[str]]) -> List[str]:
    lines = ['| ' + ' | '.join(header) + ' |', '|' + '---|' * len(header)]
    return lines + ['| ' + ' | '.join(row) + ' |' for row in rows] + ['']


def train_tables(res: Dict) -> List[str]:
    steps, ratios = res['step'], res['ratio_to_vanilla']
    lines = [
        f"Config `{res['config']}`, batch {res['batch_size']}, "
        f"{res['num_points']} points.", ''
    ]
    lines += _table(['variant', 'step median (ms)', 'ratio to vanilla'], [[
        name, _ms(step), f'{ratios.get(name, 1.0):.2f}'
    ] for name, step in steps.items()])
    names = list(res['breakdown'])
    parts = list(
        dict.fromkeys(p for n in names for p in res['breakdown'][n]['parts']))
    rows = [[part] + [
        _ms(res['breakdown'][n]['parts'][part])
        if part in res['breakdown'][n]['parts'] else '-' for n in names
    ] for part in parts]
    rows.append(['step overhead vs vanilla'] + [
        f"{res['breakdown'][n]['overhead_s'] * 1e3:.1f}" for n in names
    ])
    rows.append(['dominant'] +
                [res['breakdown'][n]['dominant'] for n in names])
    return lines + _table(['part (forward only, median ms)'] + names, rows)


def inference_tables(res: Dict) -> List[str]:
    p = res['params']
    lines = [
        f"Parameters: exported {p['exported']}, vanilla {p['vanilla']}, "
        f"distiller trainable {p['distiller_trainable']}.", ''
    ]
    return lines + _table([
        'batch', 'exported (ms)', 'vanilla (ms)', 'distiller tensor (ms)',
        'exported / vanilla', 'max abs diff vs vanilla / distiller'
    ], [[
        str(r['batch_size']),
        _ms(r['time']['exported']),
        _ms(r['time']['vanilla']),
        _ms(r['time']['distiller']),
        f"{r['latency_ratio_exported_to_vanilla']:.2f}",
        f"{r['max_abs_diff_exported_vs_vanilla']:.1e} / "
        f"{r['max_abs_diff_exported_vs_distiller']:.1e}"
    ] for r in res['rows']])


def emd_tables(res: Dict) -> List[str]:
    rows = []
    for r in res['rows']:
        kwargs = ', '.join(f'{k}={v}' for k, v in r['kwargs'].items())
        rows.append([
            str(r['B']),
            str(r['P']), r['solver'] + (f' ({kwargs})' if kwargs else ''),
            _ms(r['time']), f"{r['rel_err'] * 100:+.3f}"
        ])
    lines = _table(['B', 'P', 'solver', 'median (ms)', 'rel. error (%)'],
                   rows)
    if res['unavailable']:
        lines += ['Unavailable: ' + '; '.join(res['unavailable']), '']
    return lines


def _per_sample(row: Dict) -> str:
    # absent on CUDA: the per-sample transforms are CPU pipeline steps
    return (f"{row['per_sample']['views_per_s']:.0f}"
            if 'per_sample' in row else '-')


def _device_columns(res: Dict) -> Tuple[List[str], Callable[[Dict], List]]:
    """The ``max |device - CPU|`` column of a run on another device."""
    if not any('max_abs_diff_to_cpu' in r for r in res['rows']):
        return [], lambda row: []
    return ['max abs diff to CPU'], lambda row: [
        f"{row['max_abs_diff_to_cpu']:.2g}"
    ]


def render_tables(res: Dict) -> List[str]:
    head, cells = _device_columns(res)
    return _table(
        ['preset', 'views', 'px', 'per sample (views/s)', 'batched (views/s)',
         *head],
        [[
            r['preset'],
            str(r['views']),
            str(r['image_size']), _per_sample(r),
            f"{r['batched']['views_per_s']:.0f}", *cells(r)
        ] for r in res['rows']])


def mesh_render_tables(res: Dict) -> List[str]:
    def numba(row):
        entry = row.get('numba_zbuffer')
        if entry is None:
            return 'n/a'
        same = 'same' if entry['same_coverage'] else 'DIFFERENT'
        return f"{entry['views_per_s']:.0f} ({same} coverage)"

    head, cells = _device_columns(res)
    return _table([
        'views', 'faces', 'px', 'per sample (views/s)', 'batched (views/s)',
        'numba z-buffer (views/s)', *head
    ], [[
        f"{res['views']} ({res['num_views']})",
        str(res['num_faces']),
        str(r['image_size']), _per_sample(r),
        f"{r['batched']['views_per_s']:.0f}",
        numba(r), *cells(r)
    ] for r in res['rows']])


def ops_tables(res: Dict) -> List[str]:
    rows = []
    for r in res['rows']:
        impls = list(r['time'])
        rows.append([
            r['op'], str(r['B']), str(r['N']), str(r['M']), ', '.join(
                f"{name} {_ms(r['time'][name])} ms / "
                f"{r['peak_memory'][name]['peak_bytes'] / 2**20:.1f} MB"
                for name in impls), ', '.join(
                    f'{k} {v:.2f}' for k, v in r['ratio_ours_to'].items()),
            'yes' if r['agrees_with_reference'] else 'NO'
        ])
    lines = _table([
        'op', 'B', 'N', 'M', 'median time / peak memory', 'ours / other',
        'same result'
    ], rows)
    if res['unavailable']:
        lines += ['Unavailable: ' + '; '.join(res['unavailable']), '']
    return lines


TABLES = dict(
    train=train_tables,
    inference=inference_tables,
    emd=emd_tables,
    render=render_tables,
    mesh_render=mesh_render_tables,
    ops=ops_tables)


def benchmark_tables(report: Union[Dict, str]) -> str:
    """Markdown: the environment line, then one section of tables per
    sub-benchmark.

    Args:
        report (dict | str): A report, or the JSON file holding one.

    Returns:
        str: The tables.
    """
    if isinstance(report, str):
        with open(report) as f:
            report = json.load(f)
    env = report['environment']
    lines = [
        'Environment: ' + ', '.join(f'{k} {v}' for k, v in env.items()), ''
    ]
    for name, res in report['results'].items():
        lines += [f"### {name} ({res['wall_s']:.0f} s)", '']
        lines += TABLES[name](res)
    return '\n'.join(lines)


__all__ = ['benchmark_tables']
