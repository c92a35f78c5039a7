"""Input checks, unit-box normalisation and reduction for point-set losses."""
from typing import Optional

from torch import Tensor

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


__all__ = [
    'NORMALIZE_MODES', 'REDUCTIONS', 'GRAD_TO', 'check_point_sets',
    'check_choice', 'normalize_unit_box', 'prepare_pair', 'reduce_per_sample'
]
