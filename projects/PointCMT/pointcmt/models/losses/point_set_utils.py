"""Input checks, unit-box normalisation and reduction for point-set losses,
and their base class."""
from typing import Optional

from torch import Tensor, nn

from .precision import fp32_forward

NORMALIZE_MODES = ('unit_box', None)
REDUCTIONS = ('mean', 'sum', 'none')
GRAD_TO = ('both', 'pred')


def check_point_sets(owner: str,
                     pred: Tensor,
                     target: Tensor,
                     same_size: bool = True) -> None:
    """Raise a clear error for point sets a loss cannot compare.

    Args:
        owner (str): Name of the loss, for the message.
        pred (Tensor): ``(B, P, D)`` predicted points.
        target (Tensor): ``(B, Q, D)`` target points.
        same_size (bool): Whether ``P == Q`` is required.
    """
    for name, t in (('pred', pred), ('target', target)):
        if not isinstance(t, Tensor):
            raise TypeError(f'{owner}: {name} must be a Tensor, got '
                            f'{type(t).__name__}')
        if t.dim() != 3:
            raise ValueError(f'{owner}: {name} must be (B, P, D) points, got '
                             f'shape {tuple(t.shape)}')
        if t.shape[0] == 0 or t.shape[1] == 0 or t.shape[2] == 0:
            raise ValueError(f'{owner}: {name} is empty, shape '
                             f'{tuple(t.shape)}')
    if pred.shape[0] != target.shape[0] or pred.shape[2] != target.shape[2]:
        raise ValueError(f'{owner}: pred and target must share B and D, got '
                         f'pred {tuple(pred.shape)} and target '
                         f'{tuple(target.shape)}')
    if same_size and pred.shape[1] != target.shape[1]:
        raise ValueError(f'{owner}: pred and target must have the same '
                         f'number of points, got pred {pred.shape[1]} and '
                         f'target {target.shape[1]}')


def check_choice(owner: str, name: str, value, choices) -> None:
    """Raise ``ValueError`` unless ``value`` is one of ``choices``."""
    if value not in choices:
        raise ValueError(f'{owner}: {name} must be one of {choices}, got '
                         f'{value!r}')


def normalize_unit_box(points: Tensor, eps: float = 1e-6) -> Tensor:
    """Fit each set into a unit box starting at -0.5, as PointCMT does.

    Each set is shifted so that its bounding box starts at ``-0.5`` on
    every axis and scaled by ``1 / longest side``, so the longest side spans
    ``[-0.5, 0.5]``. The side is clamped to at least ``eps`` so that a
    degenerate set (single point, all points equal) maps to ``-0.5``
    everywhere with finite gradients instead of dividing by zero; collinear
    and planar sets are fine since their longest side is positive.

    Args:
        points (Tensor): ``(B, P, D)``.
        eps (float): Lower bound of the longest side.

    Returns:
        Tensor: ``(B, P, D)`` normalised points, differentiable.
    """
    low = points.amin(1, keepdim=True)
    side = (points.amax(1, keepdim=True) - low).amax(-1, keepdim=True)
    return (points - low) / side.clamp(min=eps) - 0.5


def prepare_pair(pred: Tensor, target: Tensor, normalize: Optional[str],
                 grad_to: str, box_eps: float):
    """Detach the target for ``grad_to='pred'`` and normalise both sets."""
    if grad_to == 'pred':
        target = target.detach()
    if normalize == 'unit_box':
        pred = normalize_unit_box(pred, box_eps)
        target = normalize_unit_box(target, box_eps)
    return pred, target


def reduce_per_sample(loss: Tensor, reduction: str) -> Tensor:
    """``(B,)`` per-sample losses -> ``mean`` / ``sum`` scalar or as is."""
    if reduction == 'mean':
        return loss.mean()
    if reduction == 'sum':
        return loss.sum()
    return loss


class PointSetLoss(nn.Module):
    """A distance between two point sets, per sample, then reduced.

    :meth:`forward` checks the sets, detaches the target for
    ``grad_to='pred'``, normalises both (:func:`prepare_pair`), takes the
    subclass's :meth:`per_sample` distances ``(B,)`` and returns
    ``loss_weight * reduce_per_sample(...)``. Half-precision inputs (AMP)
    are computed in float32 with autocast off (:func:`fp32_forward`).

    Args:
        normalize (str, optional): ``'unit_box'`` (see
            :func:`normalize_unit_box`) or ``None``.
        reduction (str): ``'mean'`` over the batch, ``'sum'`` or ``'none'``
            (``(B,)``).
        loss_weight (float): Multiplier of the loss.
        grad_to (str): ``'both'``, or ``'pred'`` to detach ``target``.
        box_eps (float): Lower bound of a set's longest bounding-box side in
            the normalisation (degenerate sets stay finite).
    """
    #: Whether both sets must have the same number of points.
    same_size = True

    def __init__(self,
                 normalize: Optional[str] = 'unit_box',
                 reduction: str = 'mean',
                 loss_weight: float = 1.0,
                 grad_to: str = 'both',
                 box_eps: float = 1e-6) -> None:
        super().__init__()
        owner = type(self).__name__
        check_choice(owner, 'normalize', normalize, NORMALIZE_MODES)
        check_choice(owner, 'reduction', reduction, REDUCTIONS)
        check_choice(owner, 'grad_to', grad_to, GRAD_TO)
        self.normalize = normalize
        self.reduction = reduction
        self.loss_weight = loss_weight
        self.grad_to = grad_to
        self.box_eps = box_eps

    def per_sample(self, pred: Tensor, target: Tensor) -> Tensor:
        """Distances ``(B,)`` of the prepared sets ``(B, P, D)`` and
        ``(B, Q, D)``; subclasses implement it."""
        raise NotImplementedError

    @fp32_forward
    def forward(self, pred: Tensor, target: Tensor) -> Tensor:
        """Compute the loss.

        Args:
            pred (Tensor): ``(B, P, D)`` predicted points.
            target (Tensor): ``(B, Q, D)`` target points (``Q = P`` when
                :attr:`same_size`).

        Returns:
            Tensor: Scalar, or ``(B,)`` for ``reduction='none'``.
        """
        check_point_sets(
            type(self).__name__, pred, target, same_size=self.same_size)
        pred, target = prepare_pair(pred, target, self.normalize, self.grad_to,
                                    self.box_eps)
        return self.loss_weight * reduce_per_sample(
            self.per_sample(pred, target), self.reduction)


__all__ = [
    'NORMALIZE_MODES', 'REDUCTIONS', 'GRAD_TO', 'PointSetLoss',
    'check_point_sets', 'check_choice', 'normalize_unit_box', 'prepare_pair',
    'reduce_per_sample'
]
