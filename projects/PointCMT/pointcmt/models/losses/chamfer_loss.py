"""Chamfer distance loss between point sets, plain torch."""
from typing import Optional

import torch
from torch import Tensor, nn

from mmdet3d.registry import MODELS
from .point_set_utils import (GRAD_TO, NORMALIZE_MODES, REDUCTIONS,
                              check_choice, check_point_sets, prepare_pair,
                              reduce_per_sample)
from .precision import fp32_forward


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
class ChamferLoss(nn.Module):
    """Symmetric Chamfer distance.

    Per sample: ``mean_i min_j d(p_i, t_j) + mean_j min_i d(p_i, t_j)`` with
    ``d`` the squared (default) or plain Euclidean distance. The sets may
    have different sizes. Half-precision inputs (AMP) are computed in float32
    with autocast off (:func:`fp32_forward`).

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

    def __init__(self,
                 normalize: Optional[str] = 'unit_box',
                 squared: bool = True,
                 reduction: str = 'mean',
                 loss_weight: float = 1.0,
                 grad_to: str = 'both',
                 box_eps: float = 1e-6) -> None:
        super().__init__()
        check_choice('ChamferLoss', 'normalize', normalize, NORMALIZE_MODES)
        check_choice('ChamferLoss', 'reduction', reduction, REDUCTIONS)
        check_choice('ChamferLoss', 'grad_to', grad_to, GRAD_TO)
        self.normalize = normalize
        self.squared = squared
        self.reduction = reduction
        self.loss_weight = loss_weight
        self.grad_to = grad_to
        self.box_eps = box_eps

    @fp32_forward
    def forward(self, pred: Tensor, target: Tensor) -> Tensor:
        """Compute the loss.

        Args:
            pred (Tensor): ``(B, N, D)`` predicted points.
            target (Tensor): ``(B, M, D)`` target points.

        Returns:
            Tensor: Scalar, or ``(B,)`` for ``reduction='none'``.
        """
        check_point_sets('ChamferLoss', pred, target, same_size=False)
        pred, target = prepare_pair(pred, target, self.normalize, self.grad_to,
                                    self.box_eps)
        loss = (
            _nearest_distance(pred, target, self.squared).mean(1) +
            _nearest_distance(target, pred, self.squared).mean(1))
        return self.loss_weight * reduce_per_sample(loss, self.reduction)


__all__ = ['ChamferLoss']
