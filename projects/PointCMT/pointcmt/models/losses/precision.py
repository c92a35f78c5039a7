"""Run a loss in float32 under mixed precision (AMP autocast)."""
import functools
from typing import Callable

import torch
from torch import Tensor

LOW_PRECISION = (torch.float16, torch.bfloat16)


def _to_fp32(value):
    """float16/bfloat16 tensors as float32 (differentiable); others as is."""
    if isinstance(value, Tensor) and value.dtype in LOW_PRECISION:
        return value.float()
    return value


def fp32_forward(forward: Callable) -> Callable:
    """Decorate a loss ``forward`` to compute in float32 under autocast.

    Half-precision tensor arguments (``float16``/``bfloat16``, as produced
    by ``AmpOptimWrapper``'s autocast) are cast to ``float32`` (gradients
    flow back through the cast) and the body runs with autocast disabled on
    the tensors' device, so distances, square roots, softmax and sums cannot
    overflow or underflow in half precision. ``float32``/``float64`` inputs
    and non-tensors are passed unchanged (the loss checks them).

    Args:
        forward (Callable): ``forward(self, *tensors, **kwargs)``.

    Returns:
        Callable: The wrapped ``forward``.
    """

    @functools.wraps(forward)
    def wrapper(self, *args, **kwargs):
        tensors = [
            v for v in (*args, *kwargs.values()) if isinstance(v, Tensor)
        ]
        args = tuple(_to_fp32(v) for v in args)
        kwargs = {k: _to_fp32(v) for k, v in kwargs.items()}
        if not tensors:
            return forward(self, *args, **kwargs)
        with torch.autocast(device_type=tensors[0].device.type, enabled=False):
            return forward(self, *args, **kwargs)

    return wrapper


__all__ = ['fp32_forward', 'LOW_PRECISION']
