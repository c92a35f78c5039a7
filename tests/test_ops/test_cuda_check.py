"""The set-up's CUDA check of mmcv's point ops."""
import mmcv.ops
import pytest
import torch

from pointcmt.ops.cuda_check import MmcvCudaError, check_mmcv_cuda_ops


@pytest.mark.skipif(torch.cuda.is_available(), reason='needs a CPU machine')
def test_no_gpu_skips():
    assert check_mmcv_cuda_ops() == 'no GPU, skipped'


def test_failing_cuda_fps_says_how_to_get_a_cuda_mmcv(monkeypatch):
    calls = []

    def cpu_only_fps(points, num_points):
        calls.append((tuple(points.shape), num_points))
        raise RuntimeError('furthest_point_sampling_forward_impl: '
                           'implementation for device cuda:0 not found.')

    monkeypatch.setattr(torch.cuda, 'is_available', lambda: True)
    # The probe tensor stays on the CPU: only the FPS call is under test.
    monkeypatch.setattr(torch.Tensor, 'cuda', lambda self: self)
    monkeypatch.setattr(mmcv.ops, 'furthest_point_sample', cpu_only_fps)
    with pytest.raises(MmcvCudaError) as info:
        check_mmcv_cuda_ops()
    assert calls == [((1, 16, 3), 4)]
    message = str(info.value)
    assert 'implementation for device cuda:0 not found' in message
    assert 'pip install mmcv==2.1.0 -f https://download.openmmlab.com/mmcv/' \
        'dist/cu121/torch2.1/index.html' in message
    assert 'MMCV_WITH_OPS=1 FORCE_CUDA=1' in message


@pytest.mark.skipif(not torch.cuda.is_available(), reason='needs a GPU')
def test_gpu_runs_the_cuda_fps():
    assert check_mmcv_cuda_ops().startswith('mmcv CUDA ops run on ')
