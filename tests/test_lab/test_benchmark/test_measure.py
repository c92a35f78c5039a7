"""Timing and peak-memory probes."""
import pytest
import torch

from pointcmt_lab.benchmark import (environment_info, log_progress,
                                    measure_peak_memory, ratio, time_call)


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
    # the synchronize hook runs after every call (warm-up ones too)
    events = []
    time_call(lambda: events.append('call'), repeats=2, warmup=1,
              synchronize=lambda: events.append('sync'))
    assert events == ['call', 'sync'] * 3


def test_ratio_and_progress_line(capsys):
    assert ratio(1.0, 2.0) == 0.5 and ratio(1.0, 0.0) == float('inf')
    log_progress('emd B=2')
    out = capsys.readouterr()
    assert out.out == '' and out.err.startswith('[benchmark ')
    assert out.err.endswith('s] emd B=2\n')
