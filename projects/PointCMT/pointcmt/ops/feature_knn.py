"""kNN in feature space (DGCNN's ``F-KNN``), in torch, on any device.

mmdet3d's DGCNN passes ``(B, N, C)`` features to mmcv's ``knn`` (through
``QueryAndGroup(None, k)``), but mmcv 2.1's CUDA kernel reads 3 floats per
point whatever ``C`` is, so for ``C > 3`` it silently returns wrong
neighbours, and half-precision features (AMP) reach a kernel that writes a
float32 buffer. The original DGCNN computes the kNN on all channels: pairwise
squared distances through a matrix product, then ``topk``.
:func:`feature_knn` is that computation.

How mmdet3d's DGCNN reaches it: :mod:`pointcmt.ops.mmcv_cpu_backend`
replaces mmcv's ``KNN.forward`` (which ``mmcv.ops.knn`` and so
``QueryAndGroup`` call) with a dispatcher that sends every call with
``C != 3`` channels to :func:`pointcmt.ops.knn`, which runs
:func:`feature_knn` on the tensors' own device (CPU or CUDA). Only 3-channel
(xyz) calls keep their former path: mmcv's kernel on CUDA, the numba port of
that kernel on the CPU. No mmdet3d module is copied or re-registered.
"""
import torch
import torch.nn.functional as F
from torch import Tensor

__all__ = ['feature_knn']


def feature_knn(k: int, points: Tensor, centers: Tensor) -> Tensor:
    """The ``k`` nearest ``points`` of each center, on all ``C`` channels.

    Squared distances are ``|c|^2 + |p|^2 - 2 c.p`` (``torch.cdist``'s
    matrix-product form, as in DGCNN), computed in float32 for half
    precision inputs (float64 stays float64); the ``k`` smallest are taken
    with ``topk``, in increasing distance. Exact ties are in ``topk``'s
    order (not specified). As in mmcv's ``knn``, slots beyond ``N`` (when
    ``k > N``) hold index 0. The indices are not differentiable.

    Args:
        k (int): Number of neighbours, ``> 0``.
        points (Tensor): ``(B, N, C)`` points (or features).
        centers (Tensor): ``(B, M, C)`` queries, same device as ``points``.

    Returns:
        Tensor: ``(B, M, k)`` int64 indices into ``points``.
    """
    dtype = torch.promote_types(points.dtype, torch.float32)
    d2 = torch.cdist(
        centers.detach().to(dtype),
        points.detach().to(dtype),
        compute_mode='use_mm_for_euclid_dist').square_()
    idx = d2.topk(min(k, d2.shape[2]), dim=2, largest=False).indices
    return F.pad(idx, (0, k - idx.shape[2]))
