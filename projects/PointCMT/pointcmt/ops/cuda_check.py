"""Set-up check: when torch sees a GPU, mmcv's point ops must run on it.

A CPU-only mmcv build imports ``mmcv.ops`` fine (and runs on the CPU
through :mod:`pointcmt.ops.mmcv_cpu_backend`), so only a CUDA call shows
that its kernels are missing. ``tools/setup_env.sh`` runs
:func:`check_mmcv_cuda_ops` and stops with its message.
"""
import torch

__all__ = ['MMCV_CUDA_ADVICE', 'MmcvCudaError', 'check_mmcv_cuda_ops']

MMCV_CUDA_ADVICE = (
    'Get a CUDA build of mmcv 2.1.0 (see requirements/runtime.txt): with '
    'torch 2.1.x + CUDA 12.1, the OpenMMLab wheel index has one:\n'
    '  pip install mmcv==2.1.0 -f '
    'https://download.openmmlab.com/mmcv/dist/cu121/torch2.1/index.html\n'
    '(cu118/torch2.1 for CUDA 11.8); with another torch, build it from '
    'source against that torch, with nvcc on PATH:\n'
    '  MMCV_WITH_OPS=1 FORCE_CUDA=1 pip install --no-build-isolation '
    'mmcv==2.1.0')


class MmcvCudaError(RuntimeError):
    """torch sees a GPU but mmcv's CUDA point ops do not run."""


def check_mmcv_cuda_ops() -> str:
    """Run a tiny CUDA furthest point sampling when torch sees a GPU.

    Returns:
        str: What was checked, ``'no GPU, skipped'`` when
        ``torch.cuda.is_available()`` is false.

    Raises:
        MmcvCudaError: The CUDA call failed; the message gives the error and
            :data:`MMCV_CUDA_ADVICE`.
    """
    if not torch.cuda.is_available():
        return 'no GPU, skipped'
    from mmcv.ops import furthest_point_sample
    try:
        furthest_point_sample(torch.rand(1, 16, 3).cuda(), 4)
        torch.cuda.synchronize()
    except Exception as err:
        raise MmcvCudaError(
            'torch sees a GPU, but mmcv.ops.furthest_point_sample fails on '
            f'a (1, 16, 3) CUDA tensor ({type(err).__name__}: {err}): this '
            f'mmcv has no CUDA ops.\n{MMCV_CUDA_ADVICE}') from err
    return (f'mmcv CUDA ops run on {torch.cuda.get_device_name(0)} '
            '(furthest_point_sample)')
