"""Earth Mover's Distance loss between equal-size point sets."""
from typing import Optional

from torch import Tensor

from mmdet3d.registry import MODELS
from pointcmt.ops.emd import EMD_SOLVERS, emd_distance, emd_match
from .point_set_utils import PointSetLoss, check_choice


@MODELS.register_module()
class EMDLoss(PointSetLoss):
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
    (see :class:`PointSetLoss`).

    Args:
        solver (str): ``'auto'`` (default: the fixed-round torch auction
            ``'auction'`` for CUDA inputs, the compiled auction
            ``'auction_cpu'`` for CPU ones, both within about 1 % of
            optimal), ``'exact'`` (scipy, optimal: the Stage II metric),
            ``'auction'`` or ``'auction_cpu'``; see :mod:`pointcmt.ops.emd`
            for their measured speed and error.
        solver_cfg (dict, optional): Options of the solver, e.g.
            ``dict(num_workers=4)`` for exact or ``dict(eps=1e-4,
            rounds=1000)`` for auction.
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
                 solver: str = 'auto',
                 solver_cfg: Optional[dict] = None,
                 normalize: Optional[str] = 'unit_box',
                 reduction: str = 'mean',
                 loss_weight: float = 1.0,
                 grad_to: str = 'both',
                 box_eps: float = 1e-6) -> None:
        check_choice('EMDLoss', 'solver', solver, EMD_SOLVERS)
        super().__init__(normalize, reduction, loss_weight, grad_to, box_eps)
        self.solver = solver
        self.solver_cfg = dict(solver_cfg or {})

    def per_sample(self, pred: Tensor, target: Tensor) -> Tensor:
        """EMDs ``(B,)`` of ``(B, P, D)`` sets: the mean matched distance."""
        idx = emd_match(pred, target, self.solver, **self.solver_cfg)
        return emd_distance(pred, target, idx)


__all__ = ['EMDLoss']
