"""benchmark_tables: markdown of a report."""
import json

from pointcmt_lab.benchmark import benchmark_tables


def test_tables_of_the_quick_report(quick_report, tmp_path):
    path = tmp_path / 'report.json'
    path.write_text(json.dumps(quick_report))
    text = benchmark_tables(str(path))
    assert text == benchmark_tables(quick_report)
    for name in quick_report['results']:
        assert f'### {name} (' in text
    # one table row per EMD row / ops row, with its measured median
    emd = quick_report['results']['emd']['rows'][0]
    assert (f"| {emd['B']} | {emd['P']} | {emd['solver']} | "
            f"{emd['time']['median_s'] * 1e3:.1f} |") in text
    assert text.count('| fps |') == sum(
        r['op'] == 'fps' for r in quick_report['results']['ops']['rows'])
