"""Connect :mod:`pointcmt.ops.point_ops_cpu` to mmcv's point-op Functions.

mmcv 2.1 only ships CUDA kernels for its point ops, and mmdet3d binds them
at import time (``gather_points = GatherPoints.apply`` is a bound method), so
the CPU path is added by replacing each autograd Function's ``forward`` (and
``backward`` for the differentiable ones) with a dispatcher: calls whose
tensor arguments are all on the CPU run the pure-PyTorch version, any other
call (CUDA) runs mmcv's original, unchanged. The original stays reachable as
the dispatcher's ``__wrapped__`` attribute, which is also what the dispatcher
calls. :func:`install_cpu_backend` is idempotent and runs when
:mod:`pointcmt.ops` is imported.

One exception: ``KNN`` calls whose points have ``C != 3`` channels (DGCNN's
feature-space ``F-KNN``) take the torch path on every device, because
mmcv's CUDA kernel reads only 3 channels (see
:mod:`pointcmt.ops.feature_knn`); only 3-channel calls on CUDA reach mmcv's
kernel.
"""
import functools
from typing import Any, Callable, Optional, Tuple

from mmcv.ops.ball_query import BallQuery
from mmcv.ops.furthest_point_sample import (FurthestPointSampling,
                                            FurthestPointSamplingWithDist)
from mmcv.ops.gather_points import GatherPoints
from mmcv.ops.group_points import GroupingOperation
from mmcv.ops.knn import KNN
from mmcv.ops.three_interpolate import ThreeInterpolate
from mmcv.ops.three_nn import ThreeNN
from torch import Tensor

from . import point_ops_cpu as cpu_ops

__all__ = [
    'install_cpu_backend', 'is_cpu_call', 'knn_takes_torch_path',
    'PATCHED_FUNCTIONS'
]

_DISPATCH_FLAG = 'pointcmt_cpu_dispatch'
_CTX_FLAG = 'pointcmt_cpu'


def is_cpu_call(*args: Any, **kwargs: Any) -> bool:
    """Whether a call takes the CPU path: it has tensor arguments and all of
    them are on the CPU."""
    tensors = [a for a in (*args, *kwargs.values()) if isinstance(a, Tensor)]
    return bool(tensors) and all(t.device.type == 'cpu' for t in tensors)


def knn_takes_torch_path(k: int,
                         xyz: Tensor,
                         center_xyz: Optional[Tensor] = None,
                         transposed: bool = False) -> bool:
    """Whether a ``KNN`` call takes the torch path: a CPU call, or points
    with other than 3 channels on any device (mmcv's kernel reads 3). A
    non-tensor ``xyz`` also does, to get its clear error."""
    if not isinstance(xyz, Tensor) or xyz.dim() != 3:
        return True
    channels = xyz.shape[1] if transposed else xyz.shape[2]
    return channels != 3 or is_cpu_call(xyz, center_xyz)


def _fps_forward(ctx, points_xyz: Tensor, num_points: int) -> Tensor:
    idx = cpu_ops.furthest_point_sample(points_xyz, num_points)
    ctx.mark_non_differentiable(idx)
    return idx


def _fps_with_dist_forward(ctx, points_dist: Tensor,
                           num_points: int) -> Tensor:
    idx = cpu_ops.furthest_point_sample_with_dist(points_dist, num_points)
    ctx.mark_non_differentiable(idx)
    return idx


def _check_batched_form(op: str, layout: str,
                        *batch_cnts: Optional[Tensor]) -> None:
    """Raise ``NotImplementedError`` if a ``*_batch_cnt`` argument of
    mmcv's stacked form is given: the CPU path takes the batched ``layout``
    only."""
    if any(cnt is not None for cnt in batch_cnts):
        raise NotImplementedError(
            f'{op} on CPU supports the batched {layout} form only; got '
            '*_batch_cnt arguments (stacked form)')


def _ball_query_forward(
        ctx,
        min_radius: float,
        max_radius: float,
        sample_num: int,
        xyz: Tensor,
        center_xyz: Tensor,
        xyz_batch_cnt: Optional[Tensor] = None,
        center_xyz_batch_cnt: Optional[Tensor] = None) -> Tensor:
    _check_batched_form('ball_query', '(B, N, 3)', xyz_batch_cnt,
                        center_xyz_batch_cnt)
    idx = cpu_ops.ball_query(min_radius, max_radius, sample_num, xyz,
                             center_xyz)
    ctx.mark_non_differentiable(idx)
    return idx


def _knn_forward(ctx,
                 k: int,
                 xyz: Tensor,
                 center_xyz: Optional[Tensor] = None,
                 transposed: bool = False) -> Tensor:
    idx = cpu_ops.knn(k, xyz, center_xyz, transposed)
    ctx.mark_non_differentiable(idx)
    return idx


def _three_nn_forward(ctx, target: Tensor,
                      source: Tensor) -> Tuple[Tensor, Tensor]:
    dist, idx = cpu_ops.three_nn(target, source)
    ctx.mark_non_differentiable(idx)
    return dist, idx


def _gather_points_forward(ctx, features: Tensor, indices: Tensor) -> Tensor:
    ctx.pointcmt_saved = (indices, features.shape[2])
    return cpu_ops.gather_points(features, indices)


def _gather_points_backward(ctx, grad_out: Tensor) -> Tuple[Tensor]:
    indices, num = ctx.pointcmt_saved
    return (cpu_ops.gather_points_backward(grad_out, indices, num), )


def _grouping_forward(ctx,
                      features: Tensor,
                      indices: Tensor,
                      features_batch_cnt: Optional[Tensor] = None,
                      indices_batch_cnt: Optional[Tensor] = None) -> Tensor:
    _check_batched_form('grouping_operation', '(B, C, N)',
                        features_batch_cnt, indices_batch_cnt)
    ctx.pointcmt_saved = (indices, features.shape[2])
    return cpu_ops.grouping_operation(features, indices)


def _grouping_backward(ctx, grad_out: Tensor) -> Tuple[Tensor]:
    indices, num = ctx.pointcmt_saved
    return (cpu_ops.grouping_operation_backward(grad_out, indices, num), )


def _three_interpolate_forward(ctx, features: Tensor, indices: Tensor,
                               weight: Tensor) -> Tensor:
    ctx.pointcmt_saved = (indices, weight, features.shape[2])
    return cpu_ops.three_interpolate(features, indices, weight)


def _three_interpolate_backward(ctx, grad_out: Tensor) -> Tuple[Tensor]:
    indices, weight, num = ctx.pointcmt_saved
    return (cpu_ops.three_interpolate_backward(grad_out, indices, weight,
                                               num), )


# Function class -> (CPU forward, CPU backward or None when the original
# backward, which only returns None, serves both paths). Calls take the CPU
# path when is_cpu_call says so, KNN's when knn_takes_torch_path does.
PATCHED_FUNCTIONS = {
    FurthestPointSampling: (_fps_forward, None),
    FurthestPointSamplingWithDist: (_fps_with_dist_forward, None),
    BallQuery: (_ball_query_forward, None),
    KNN: (_knn_forward, None),
    ThreeNN: (_three_nn_forward, None),
    GatherPoints: (_gather_points_forward, _gather_points_backward),
    GroupingOperation: (_grouping_forward, _grouping_backward),
    ThreeInterpolate:
    (_three_interpolate_forward, _three_interpolate_backward),
}


_TORCH_PATH_RULES = {KNN: knn_takes_torch_path}


def _forward_dispatcher(original: Callable, cpu_forward: Callable,
                        takes_torch_path: Callable) -> Callable:
    """``forward(ctx, *args)``: calls for which ``takes_torch_path(*args)``
    -> ``cpu_forward``, else the original (looked up on ``__wrapped__`` at
    call time)."""

    @functools.wraps(original)
    def forward(ctx, *args, **kwargs):
        if takes_torch_path(*args, **kwargs):
            setattr(ctx, _CTX_FLAG, len(args) + len(kwargs))
            return cpu_forward(ctx, *args, **kwargs)
        return forward.__wrapped__(ctx, *args, **kwargs)

    setattr(forward, _DISPATCH_FLAG, True)
    return forward


def _backward_dispatcher(original: Callable,
                         cpu_backward: Callable) -> Callable:
    """``backward(ctx, *grads)``: contexts made by the CPU forward ->
    ``cpu_backward`` (gradients padded with ``None`` to the number of
    forward inputs), else the original."""

    @functools.wraps(original)
    def backward(ctx, *grads):
        num_inputs = getattr(ctx, _CTX_FLAG, None)
        if num_inputs is None:
            return backward.__wrapped__(ctx, *grads)
        grad_inputs = cpu_backward(ctx, *grads)
        return grad_inputs + (None, ) * (num_inputs - len(grad_inputs))

    setattr(backward, _DISPATCH_FLAG, True)
    return backward


def install_cpu_backend() -> None:
    """Install the CPU dispatchers into mmcv's point-op Functions once;
    later calls change nothing."""
    for function, (cpu_forward, cpu_backward) in PATCHED_FUNCTIONS.items():
        if getattr(function.forward, _DISPATCH_FLAG, False):
            continue
        function.forward = staticmethod(
            _forward_dispatcher(
                function.forward, cpu_forward,
                _TORCH_PATH_RULES.get(function, is_cpu_call)))
        if cpu_backward is not None:
            function.backward = staticmethod(
                _backward_dispatcher(function.backward, cpu_backward))
