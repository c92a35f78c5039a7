"""Cosine distance between a student's and a teacher's features."""
import torch.nn.functional as F
from torch import Tensor, nn

from mmdet3d.registry import MODELS
from .precision import fp32_forward


@MODELS.register_module()
class FeatureHintLoss(nn.Module):
    """Feature hint: ``loss_weight * mean_b (1 - cos(pred_b, target_b))``.

    A FitNets-style hint with a scale-free distance: the student's
    (adapted) feature is pulled towards the direction of the teacher's
    feature of the same sample; the target is detached. Half-precision
    inputs are computed in float32 (:func:`fp32_forward`).

    Args:
        loss_weight (float): Multiplier of the loss.
    """

    def __init__(self, loss_weight: float = 1.0) -> None:
        super().__init__()
        self.loss_weight = loss_weight

    @fp32_forward
    def forward(self, pred: Tensor, target: Tensor) -> Tensor:
        """Compute the loss.

        Args:
            pred (Tensor): ``(B, C)`` student features.
            target (Tensor): ``(B, C)`` teacher features.

        Returns:
            Tensor: Scalar, in ``[0, 2 * loss_weight]``.
        """
        for name, t in (('pred', pred), ('target', target)):
            if not isinstance(t, Tensor) or t.dim() != 2 or 0 in t.shape:
                raise ValueError(
                    f'FeatureHintLoss: {name} must be a non-empty (B, C) '
                    f'Tensor, got {getattr(t, "shape", type(t).__name__)}')
        if pred.shape != target.shape:
            raise ValueError('FeatureHintLoss: pred and target must have the '
                             f'same shape, got {tuple(pred.shape)} and '
                             f'{tuple(target.shape)}')
        cos = F.cosine_similarity(pred, target.detach(), dim=1)
        return self.loss_weight * (1 - cos).mean()


__all__ = ['FeatureHintLoss']
