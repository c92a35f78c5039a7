"""Earth Mover's Distance loss between equal-size point sets."""
from typing import Optional

from torch import Tensor, nn

from mmdet3d.registry import MODELS
from pointcmt.ops.emd import EMD_SOLVERS, emd_distance, emd_match
from .point_set_utils import (GRAD_TO, NORMALIZE_MODES, REDUCTIONS,
                              check_choice, check_point_sets, prepare_pair,
                              reduce_per_sample)
from .precision import fp32_forward


@MODELS.register_module()
class EMDLoss(nn.Module):
    """EMD between point sets, as PointCMT's Stage II and III losses.

    Both sets are first normalised (``normalize='unit_box'``: per set, shift
    the bounding box to start at -0.5 and scale by 1 / longest side, see
    :func:`normalize_unit_box`). A bijection minimising the summed squared
    distance is then found without gradients
    (:func:`pointcmt.ops.emd.emd_match`) and the loss of a sample is the mean
    over points of the Euclidean distance of matched points (the reference's
    ``sqrt(squared matched distance)``); it is differentiable through the
    matched distances, with zero gradient for coinciding points.
    Half-precision inputs (AMP) are computed in float32 with autocast off
    (:func:`fp32_forward`).

    Args:
        solver (str): ``'exact'`` (scipy, optimal) or ``'auction'`` (batched
            torch auction, approximate); see :mod:`pointcmt.ops.emd` for
            their measured speed and error.
        solver_cfg (dict, optional): Options of the solver, e.g.
            ``dict(num_workers=4)`` for exact or ``dict(eps=1e-4,
            max_iters=3000)`` for auction.
        normalize (str, optional): ``'unit_box'`` or ``None``.
        reduction (str): ``'mean'`` (over points and batch), ``'sum'`` (of
            the per-sample means) or ``'none'`` (``(B,)``).
        loss_weight (float): Multiplier of the loss.
        grad_to (str): ``'both'``, or ``'pred'`` to detach ``target`` (Stage
            III: only the student side learns).
        box_eps (float): Lower bound of a set's longest bounding-box side in
            the normalisation (degenerate sets stay finite).
    """

    def __init__(self,
                 solver: str = 'exact',
                 solver_cfg: Optional[dict] = None,
                 normalize: Optional[str] = 'unit_box',
                 reduction: str = 'mean',
                 loss_weight: float = 1.0,
                 grad_to: str = 'both',
                 box_eps: float = 1e-6) -> None:
        super().__init__()
        check_choice('EMDLoss', 'solver', solver, EMD_SOLVERS)
        check_choice('EMDLoss', 'normalize', normalize, NORMALIZE_MODES)
        check_choice('EMDLoss', 'reduction', reduction, REDUCTIONS)
        check_choice('EMDLoss', 'grad_to', grad_to, GRAD_TO)
        self.solver = solver
        self.solver_cfg = dict(solver_cfg or {})
        self.normalize = normalize
        self.reduction = reduction
        self.loss_weight = loss_weight
        self.grad_to = grad_to
        self.box_eps = box_eps

    @fp32_forward
    def forward(self, pred: Tensor, target: Tensor) -> Tensor:
        """Compute the loss.

        Args:
            pred (Tensor): ``(B, P, D)`` predicted points.
            target (Tensor): ``(B, P, D)`` target points.

        Returns:
            Tensor: Scalar, or ``(B,)`` for ``reduction='none'``.
        """
        check_point_sets('EMDLoss', pred, target, same_size=True)
        pred, target = prepare_pair(pred, target, self.normalize, self.grad_to,
                                    self.box_eps)
        idx = emd_match(pred, target, self.solver, **self.solver_cfg)
        loss = emd_distance(pred, target, idx)
        return self.loss_weight * reduce_per_sample(loss, self.reduction)


__all__ = ['EMDLoss']
