"""Pure-PyTorch (CPU) versions of mmcv's CUDA point ops.

Each function reproduces the semantics of the matching kernel in
``mmcv/ops/csrc/common/cuda/*_cuda_kernel.cuh`` (mmcv 2.1): output shapes,
index dtype (``torch.int32``), padding rules and tie-breaking, written down in
each docstring. Furthest point sampling, ball query and kNN run the serial
numba kernels of :mod:`pointcmt.ops.point_kernels_numba` (float32 and
float64 in their own precision, other floating dtypes in float32); kNN on
other than 3 channels and the other ops are batched torch code (kNN's is
:func:`pointcmt.ops.feature_knn.feature_knn`, which also serves CUDA).
The functions are plain tensor functions (no autograd);
:mod:`pointcmt.ops.mmcv_cpu_backend` wires them into mmcv's autograd
Functions, with the ``*_backward`` functions below as the
gradients of the differentiable ops.
"""
from typing import Callable, Optional, Tuple

import numpy as np
import torch
from torch import Tensor

from .feature_knn import feature_knn
from .point_kernels_numba import (FPS_DIST, FPS_XYZ, ball_query_kernel,
                                  fps_kernel, knn_xyz_kernel)

__all__ = [
    'furthest_point_sample', 'furthest_point_sample_with_dist', 'ball_query',
    'knn', 'gather_points', 'gather_points_backward', 'grouping_operation',
    'grouping_operation_backward', 'three_nn', 'three_interpolate',
    'three_interpolate_backward'
]

# Initial best distance of the three_nn kernel (a double).
_THREE_NN_INIT_DIST = 1e40


def _check_tensor(x: Tensor,
                  name: str,
                  ndim: int,
                  last: Optional[int] = None,
                  floating: bool = True) -> None:
    """Raise a clear error when ``x`` is not an ``ndim``-D tensor of the
    expected kind (floating or integer) and last dimension size."""
    if not isinstance(x, Tensor):
        raise TypeError(f'{name} must be a torch.Tensor, got {type(x)}')
    if x.dim() != ndim:
        raise ValueError(f'{name} must be {ndim}-D, got shape '
                         f'{tuple(x.shape)}')
    if last is not None and x.shape[-1] != last:
        raise ValueError(f'{name} must have last dimension {last}, got shape '
                         f'{tuple(x.shape)}')
    if floating and not x.is_floating_point():
        raise TypeError(f'{name} must be a floating tensor, got {x.dtype}')
    if not floating and (x.is_floating_point() or x.is_complex()
                         or x.dtype == torch.bool):
        raise TypeError(f'{name} must be an integer tensor, got {x.dtype}')


def _check_batch(name_a: str, a: Tensor, name_b: str, b: Tensor) -> None:
    if a.shape[0] != b.shape[0]:
        raise ValueError(f'{name_a} and {name_b} must have the same batch '
                         f'size, got {a.shape[0]} and {b.shape[0]}')


def _kernel_array(x: Tensor) -> np.ndarray:
    """``x`` as a contiguous float32 / float64 numpy array for the numba
    kernels (no copy when it already is one)."""
    x = x.detach()
    if x.dtype not in (torch.float32, torch.float64):
        x = x.float()
    return x.contiguous().numpy()


def _sq_dist(centers: Tensor, points: Tensor) -> Tensor:
    """Squared distances ``(B, M, N)`` between ``centers (B, M, C)`` and
    ``points (B, N, C)``, summed channel by channel as the kernels do
    (``(cx - x)^2 + (cy - y)^2 + (cz - z)^2``), so a point's distance to
    itself is exactly 0; no ``(B, M, N, C)`` tensor is built."""
    dist = None
    for c in range(centers.shape[-1]):
        diff = centers[:, :, None, c] - points[:, None, :, c]
        dist = diff.square_() if dist is None else dist.add_(diff.square_())
    return dist


def _coordinate_rows(points: np.ndarray) -> np.ndarray:
    """``(B, N, 3)`` -> contiguous ``(B, 3, N)``: the kernels read each
    coordinate as a row, so that their loops over the points vectorise."""
    return np.ascontiguousarray(points.transpose(0, 2, 1))


def _points_and_centers(xyz: Tensor,
                        center_xyz: Tensor) -> Tuple[np.ndarray, np.ndarray]:
    """The kernels' ``points_t (B, 3, N)`` and ``centers (B, M, 3)``, in
    the points' dtype."""
    points = _kernel_array(xyz)
    centers = _kernel_array(center_xyz).astype(points.dtype, copy=False)
    return _coordinate_rows(points), centers


def _fps_priority(num: int) -> np.ndarray:
    """Order ``(num,)`` (int64) in which the CUDA FPS kernel resolves ties.

    The kernel runs ``bs = min(2^floor(log2 N), 1024)`` threads; thread ``t``
    scans ``k = t, t + bs, ...`` keeping the first maximum (strict ``>``),
    then a tree reduction pairs slot ``t`` with ``t + h`` for
    ``h = bs/2, ..., 1`` and keeps the lower slot on ties. The winner among
    equal maxima is therefore the one with the smallest bit-reversed slot
    ``bitrev(k % bs)``, then the smallest ``k // bs``.
    """
    block = min(1 << (num.bit_length() - 1), 1024)
    nbits = block.bit_length() - 1
    k = np.arange(num)
    slot = k % block
    rev = np.zeros_like(slot)
    for bit in range(nbits):
        rev |= ((slot >> bit) & 1) << (nbits - 1 - bit)
    return np.argsort(rev * (num // block + 1) + k // block, kind='stable')


def _run_fps(step: int, prepare: Callable, source: Tensor,
             num_points: int) -> Tensor:
    """Check the sizes and run :func:`fps_kernel` over ``source (B, N, ...)``.

    Args:
        step (int): The kernel's step, ``FPS_XYZ`` (``relax_xyz``) or
            ``FPS_DIST`` (``relax_dist``).
        prepare (Callable): ``(source array, scan order) -> data`` in the
            layout ``relax`` reads.
        source (Tensor): Its input, checked by the caller.
        num_points (int): Number of samples ``M``.

    Returns:
        Tensor: ``(B, M)`` int32 indices of the sampled points.
    """
    batch, num = source.shape[:2]
    if num_points < 0:
        raise ValueError(f'num_points must be >= 0, got {num_points}')
    if num == 0 and num_points > 0:
        raise ValueError('cannot sample points from an empty set (N == 0)')
    if num_points == 0:
        return source.new_zeros(batch, 0, dtype=torch.int32)
    priority = _fps_priority(num)
    data = prepare(_kernel_array(source), priority)
    return torch.from_numpy(fps_kernel(step, data, priority, num_points))


def _xyz_in_scan_order(points: np.ndarray,
                       priority: np.ndarray) -> np.ndarray:
    """``relax_xyz``'s data: the coordinate rows, points in scan order."""
    return _coordinate_rows(points[:, priority])


def _dist_as_is(dist: np.ndarray, priority: np.ndarray) -> np.ndarray:
    """``relax_dist``'s data: the distance matrix in index order (it reads
    the scan order itself; reordering ``N x N`` would cost more than the
    ``M`` rows FPS reads)."""
    return dist


def furthest_point_sample(points_xyz: Tensor, num_points: int) -> Tensor:
    """Iterative furthest point sampling (mmcv ``furthest_point_sample``).

    Semantics of ``furthest_point_sampling_forward_cuda_kernel``: the first
    sample is index 0; each next sample is the argmax over points of the
    running minimum squared distance (``(x2-x1)^2 + (y2-y1)^2 + (z2-z1)^2``,
    running minimum initialised to 1e10 and updated NaN-ignoring) to the
    samples picked so far. Exact ties go to the point the kernel's
    block reduction picks (see :func:`_fps_priority`; index 0 when all
    remaining distances are 0, so ``num_points > N`` repeats index 0). The
    CUDA kernel takes float32 only; here float64 is computed in float64,
    other floating dtypes in float32.

    Args:
        points_xyz (Tensor): ``(B, N, 3)`` point coordinates.
        num_points (int): Number of samples ``M`` (``M > N`` is allowed).

    Returns:
        Tensor: ``(B, M)`` int32 indices of the sampled points.
    """
    _check_tensor(points_xyz, 'points_xyz', 3, last=3)
    return _run_fps(FPS_XYZ, _xyz_in_scan_order, points_xyz, num_points)


def furthest_point_sample_with_dist(points_dist: Tensor,
                                    num_points: int) -> Tensor:
    """Furthest point sampling from a distance matrix (mmcv
    ``furthest_point_sample_with_dist``).

    Same as :func:`furthest_point_sample` with the distance from the last
    sample ``old`` to point ``k`` read as ``points_dist[b, old, k]`` (row of
    the last sample; the matrix need not be symmetric).

    Args:
        points_dist (Tensor): ``(B, N, N)`` pairwise distances.
        num_points (int): Number of samples ``M``.

    Returns:
        Tensor: ``(B, M)`` int32 indices of the sampled points.
    """
    _check_tensor(points_dist, 'points_dist', 3)
    if points_dist.shape[1] != points_dist.shape[2]:
        raise ValueError('points_dist must be (B, N, N), got shape '
                         f'{tuple(points_dist.shape)}')
    return _run_fps(FPS_DIST, _dist_as_is, points_dist, num_points)


def ball_query(min_radius: float, max_radius: float, sample_num: int,
               xyz: Tensor, center_xyz: Tensor) -> Tensor:
    """Ball query (mmcv ``ball_query``, batched form).

    Semantics of ``ball_query_forward_cuda_kernel``: point ``k`` is in the
    ball of a center when its squared distance ``d2`` satisfies
    ``d2 == 0 or (min_r2 <= d2 < max_r2)``, with ``min_r2``/``max_r2`` the
    radii squared in float32. The first ``sample_num`` such points in index
    order are returned; the remaining slots repeat the first one found, and
    are 0 when the ball is empty.

    Args:
        min_radius (float): Inner radius (inclusive).
        max_radius (float): Outer radius (exclusive), ``> min_radius``.
        sample_num (int): Number of indices per center ``S``.
        xyz (Tensor): ``(B, N, 3)`` point coordinates.
        center_xyz (Tensor): ``(B, M, 3)`` ball centers.

    Returns:
        Tensor: ``(B, M, S)`` int32 point indices.
    """
    _check_tensor(xyz, 'xyz', 3, last=3)
    _check_tensor(center_xyz, 'center_xyz', 3, last=3)
    _check_batch('xyz', xyz, 'center_xyz', center_xyz)
    if not min_radius < max_radius:
        raise ValueError('ball_query needs min_radius < max_radius, got '
                         f'{min_radius} and {max_radius}')
    if sample_num <= 0:
        raise ValueError(f'sample_num must be > 0, got {sample_num}')
    points_t, centers = _points_and_centers(xyz, center_xyz)
    # Radii squared in float32 as the kernel does; exact as Python floats.
    radii = np.array([min_radius, max_radius], np.float32)
    min_r2, max_r2 = (radii * radii).tolist()
    return torch.from_numpy(
        ball_query_kernel(centers, points_t, min_r2, max_r2, sample_num))


def knn(k: int,
        xyz: Tensor,
        center_xyz: Optional[Tensor] = None,
        transposed: bool = False) -> Tensor:
    """k nearest neighbours (mmcv ``knn``), on any channel count.

    ``C == 3`` (xyz, CPU tensors) has the semantics of
    ``knn_forward_cuda_kernel``: for each center, the ``k`` points with the
    smallest squared distance, sorted by increasing distance; only points
    with ``d2 < 1e10`` (the heap's initial value; NaN never) are candidates,
    and missing slots (``k > N``) hold index 0 at the end. Exact distance
    ties are ordered by lower index first (the CUDA heap may order equal
    distances differently; the distances match). Any other ``C`` (DGCNN's
    ``F-KNN``, which the CUDA kernel gets wrong) runs
    :func:`pointcmt.ops.feature_knn.feature_knn` on all channels, on the
    tensors' device. ``center_xyz=None`` queries ``xyz`` itself.

    Args:
        k (int): Number of neighbours, ``0 < k < 100``.
        xyz (Tensor): ``(B, N, C)``, or ``(B, C, N)`` if ``transposed``.
        center_xyz (Tensor, optional): ``(B, M, C)``, or ``(B, C, M)`` if
            ``transposed``. Defaults to ``xyz``.
        transposed (bool): Whether the inputs are channel-first.

    Returns:
        Tensor: ``(B, k, M)`` int32 neighbour indices (note the layout).
    """
    if not 0 < k < 100:
        raise ValueError(f'knn needs 0 < k < 100, got {k}')
    if center_xyz is None:
        center_xyz = xyz
    _check_tensor(xyz, 'xyz', 3)
    _check_tensor(center_xyz, 'center_xyz', 3)
    if transposed:
        xyz = xyz.transpose(1, 2)
        center_xyz = center_xyz.transpose(1, 2)
    _check_batch('xyz', xyz, 'center_xyz', center_xyz)
    if xyz.shape[2] != center_xyz.shape[2]:
        raise ValueError('xyz and center_xyz must have the same number of '
                         f'channels, got {xyz.shape[2]} and '
                         f'{center_xyz.shape[2]}')
    if xyz.shape[2] != 3:
        idx = feature_knn(k, xyz, center_xyz)
        return idx.transpose(1, 2).to(torch.int32).contiguous()
    points_t, centers = _points_and_centers(xyz, center_xyz)
    return torch.from_numpy(knn_xyz_kernel(centers, points_t, k))


def gather_points(features: Tensor, indices: Tensor) -> Tensor:
    """Gather features at indices (mmcv ``gather_points``):
    ``out[b, c, m] = features[b, c, indices[b, m]]``.

    Args:
        features (Tensor): ``(B, C, N)`` features.
        indices (Tensor): ``(B, M)`` integer indices in ``[0, N)``.

    Returns:
        Tensor: ``(B, C, M)`` gathered features.
    """
    _check_tensor(features, 'features', 3)
    _check_tensor(indices, 'indices', 2, floating=False)
    _check_batch('features', features, 'indices', indices)
    index = indices.long()[:, None].expand(-1, features.shape[1], -1)
    return torch.gather(features, 2, index)


def gather_points_backward(grad_out: Tensor, indices: Tensor,
                           num: int) -> Tensor:
    """Gradient of :func:`gather_points` w.r.t. ``features``: ``grad_out``
    ``(B, C, M)`` summed into ``(B, C, N)`` at ``indices (B, M)``."""
    index = indices.long()[:, None].expand(-1, grad_out.shape[1], -1)
    grad = grad_out.new_zeros(grad_out.shape[0], grad_out.shape[1], num)
    return grad.scatter_add_(2, index, grad_out)


def grouping_operation(features: Tensor, indices: Tensor) -> Tensor:
    """Group features (mmcv ``grouping_operation``, batched form):
    ``out[b, c, m, s] = features[b, c, indices[b, m, s]]``.

    Args:
        features (Tensor): ``(B, C, N)`` features.
        indices (Tensor): ``(B, M, S)`` integer indices in ``[0, N)``.

    Returns:
        Tensor: ``(B, C, M, S)`` grouped features.
    """
    _check_tensor(features, 'features', 3)
    _check_tensor(indices, 'indices', 3, floating=False)
    _check_batch('features', features, 'indices', indices)
    batch, channels = features.shape[:2]
    num_samples = indices.shape[2]
    # Gather from a stride-0 expanded input: the output is a fresh tensor,
    # not a view (mmdet3d's DGCNN modifies it in place).
    source = features.unsqueeze(3).expand(-1, -1, -1, num_samples)
    index = indices.long().unsqueeze(1).expand(-1, channels, -1, -1)
    return torch.gather(source, 2, index)


def grouping_operation_backward(grad_out: Tensor, indices: Tensor,
                                num: int) -> Tensor:
    """Gradient of :func:`grouping_operation` w.r.t. ``features``:
    ``grad_out (B, C, M, S)`` summed into ``(B, C, N)``."""
    batch, channels = grad_out.shape[:2]
    return gather_points_backward(
        grad_out.reshape(batch, channels, -1), indices.reshape(batch, -1), num)


def three_nn(target: Tensor, source: Tensor) -> Tuple[Tensor, Tensor]:
    """Three nearest neighbours (mmcv ``three_nn``).

    Semantics of ``three_nn_forward_cuda_kernel`` plus mmcv's ``sqrt``: for
    each target point, the three source points with the smallest squared
    distance, ascending, ties to the lower index (the kernel's strict ``<``
    insertion); only ``d2 < 1e40`` (finite, not NaN) are candidates. When
    ``M < 3`` the missing slots hold index 0 and distance ``sqrt(1e40)`` cast
    to the dtype (``inf`` in float32).

    Args:
        target (Tensor): ``(B, N, 3)`` query points.
        source (Tensor): ``(B, M, 3)`` reference points.

    Returns:
        tuple[Tensor, Tensor]: ``(B, N, 3)`` Euclidean distances (same dtype
        as ``target``) and ``(B, N, 3)`` int32 indices.
    """
    _check_tensor(target, 'target', 3, last=3)
    _check_tensor(source, 'source', 3, last=3)
    _check_batch('target', target, 'source', source)
    d2 = _sq_dist(target, source)
    # Three always-missing columns cover M < 3.
    d2 = torch.cat([d2, d2.new_full((*d2.shape[:2], 3), torch.inf)], dim=2)
    d2.masked_fill_(~(d2 < _THREE_NN_INIT_DIST), torch.inf)
    dists, idxs = [], []
    for _ in range(3):
        # argmin returns the first minimum: ties go to the lower index.
        idx = torch.argmin(d2, dim=2, keepdim=True)
        dist = torch.gather(d2, 2, idx)
        found = torch.isfinite(dist)
        # Missing slots keep the kernel's double 1e40, then cast (inf in
        # float32).
        dists.append(torch.where(found, dist.double(), _THREE_NN_INIT_DIST))
        idxs.append(torch.where(found, idx, 0))
        d2.scatter_(2, idx, torch.inf)
    dist2 = torch.cat(dists, dim=2).to(target.dtype)
    # sqrt in float64 rounds to the correctly rounded float32 sqrt (CUDA's
    # sqrtf); torch's vectorised float32 sqrt can be 1 ulp off.
    dist = torch.sqrt(dist2.double()).to(target.dtype)
    return dist, torch.cat(idxs, dim=2).to(torch.int32)


def three_interpolate(features: Tensor, indices: Tensor,
                      weight: Tensor) -> Tensor:
    """Weighted sum of three features (mmcv ``three_interpolate``):
    ``out[b, c, n] = sum_j weight[b, n, j] * features[b, c, indices[b, n, j]]``
    summed in the order ``j = 0, 1, 2`` as the kernel does.

    Args:
        features (Tensor): ``(B, C, M)`` source features.
        indices (Tensor): ``(B, N, 3)`` integer indices in ``[0, M)``.
        weight (Tensor): ``(B, N, 3)`` weights.

    Returns:
        Tensor: ``(B, C, N)`` interpolated features.
    """
    _check_tensor(features, 'features', 3)
    _check_tensor(indices, 'indices', 3, last=3, floating=False)
    _check_tensor(weight, 'weight', 3, last=3)
    _check_batch('features', features, 'indices', indices)
    if weight.shape != indices.shape:
        raise ValueError('weight and indices must have the same shape, got '
                         f'{tuple(weight.shape)} and {tuple(indices.shape)}')
    out = None
    for j in range(3):
        term = gather_points(features, indices[..., j]) * weight[:, None, :, j]
        out = term if out is None else out + term
    return out


def three_interpolate_backward(grad_out: Tensor, indices: Tensor,
                               weight: Tensor, num: int) -> Tensor:
    """Gradient of :func:`three_interpolate` w.r.t. ``features`` (the CUDA
    op gives none to ``weight``): ``grad_out (B, C, N) * weight`` summed
    into ``(B, C, M)`` at ``indices``."""
    batch, channels, num_targets = grad_out.shape
    scaled = grad_out[..., None] * weight[:, None]  # (B, C, N, 3)
    return gather_points_backward(
        scaled.reshape(batch, channels, num_targets * 3),
        indices.reshape(batch, -1), num)
