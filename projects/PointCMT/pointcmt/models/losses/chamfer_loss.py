"""Chamfer distance loss between point sets, plain torch."""
from typing import Optional

import torch
from torch import Tensor

from mmdet3d.registry import MODELS
from .point_set_utils import PointSetLoss


def _nearest_distance(src: Tensor, dst: Tensor, squared: bool) -> Tensor:
    """``(B, N)`` distance from each ``src`` point to its nearest ``dst``.

    The nearest index is found without gradients on ``torch.cdist``; the
    distance is then recomputed exactly on the matched pairs, so its gradient
    equals that of the minimum (and is zero for coinciding points).
    """
    with torch.no_grad():
        nearest = torch.cdist(src.float(), dst.float()).argmin(2)
    matched = dst.gather(1, nearest[..., None].expand(-1, -1, dst.shape[-1]))
    diff = src - matched
    if squared:
        return diff.square().sum(-1)
    return torch.linalg.vector_norm(diff, dim=-1)


@MODELS.register_module()
class ChamferLoss(PointSetLoss):
    """Symmetric Chamfer distance.

    Per sample: ``mean_i min_j d(p_i, t_j) + mean_j min_i d(p_i, t_j)`` with
    ``d`` the squared (default) or plain Euclidean distance. The sets may
    have different sizes. Half-precision inputs (AMP) are computed in float32
    with autocast off (see :class:`PointSetLoss`).

    Args:
        normalize (str, optional): ``'unit_box'`` (see
            :func:`normalize_unit_box`) or ``None``.
        squared (bool): Squared distances (CD-L2) or Euclidean (CD-L1).
        reduction (str): ``'mean'`` over the batch, ``'sum'`` or ``'none'``
            (``(B,)``).
        loss_weight (float): Multiplier of the loss.
        grad_to (str): ``'both'``, or ``'pred'`` to detach ``target``.
        box_eps (float): Lower bound of a set's longest bounding-box side.
    """

    same_size = False

    def __init__(self,
                 normalize: Optional[str] = 'unit_box',
                 squared: bool = True,
                 reduction: str = 'mean',
                 loss_weight: float = 1.0,
                 grad_to: str = 'both',
                 box_eps: float = 1e-6) -> None:
        super().__init__(normalize, reduction, loss_weight, grad_to, box_eps)
        self.squared = squared

    def per_sample(self, pred: Tensor, target: Tensor) -> Tensor:
        """Chamfer distances ``(B,)`` of ``(B, N, D)`` and ``(B, M, D)``."""
        return (
            _nearest_distance(pred, target, self.squared).mean(1) +
            _nearest_distance(target, pred, self.squared).mean(1))


__all__ = ['ChamferLoss']
