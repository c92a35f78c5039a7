"""KL divergence between the class distributions of two sets of logits."""
import torch.nn.functional as F
from torch import Tensor, nn

from mmdet3d.registry import MODELS
from .point_set_utils import check_choice
from .precision import fp32_forward

KL_REDUCTIONS = ('sum', 'batchmean', 'none')


@MODELS.register_module()
class LogitKLLoss(nn.Module):
    """PointCMT's Classifier Enhancement term.

    ``loss = loss_weight * T**2 * reduce_b KL(q_b || p_b)`` with
    ``p = softmax(student_logits / T)``, ``q = softmax(target_logits / T)``
    and ``KL(q || p) = sum_k q_k (log q_k - log p_k)``; this equals
    ``loss_weight * T**2 * F.kl_div(log_softmax(s / T), softmax(t / T),
    reduction)``. The ``T**2`` factor keeps gradient magnitudes independent of
    ``T`` (Hinton et al.) and is 1 at the official ``T = 1``. Both
    distributions are taken in log space, so extreme logits stay finite.
    Half-precision logits (AMP) are computed in float32 with autocast off
    (:func:`fp32_forward`).

    The official code uses ``reduction='sum'`` and does not detach the
    target, whose logits are the student classifier applied to the teacher
    feature: the student classifier then also learns from teacher features.

    Batch dependence: ``'sum'`` adds the ``B`` per-sample terms of one
    forward pass, so the loss, and its weight relative to mean-reduced
    losses, grows linearly with the per-process ``batch_size``. Under DDP
    the gradients are averaged over the ranks and mmengine averages
    accumulated steps, so neither more ranks nor gradient accumulation
    change its scale at the same per-rank batch; changing the per-rank batch
    does (halving it halves the term). ``'batchmean'`` divides by ``B`` and
    does not depend on the batch size. See docs/ddp.md.

    Args:
        temperature (float): Softmax temperature ``T > 0``.
        reduction (str): ``'sum'`` over the batch, ``'batchmean'`` or
            ``'none'`` (per-sample ``(B,)``).
        detach_target (bool): Stop gradients into ``target_logits``.
        loss_weight (float): Multiplier of the loss.
    """

    def __init__(self,
                 temperature: float = 1.0,
                 reduction: str = 'sum',
                 detach_target: bool = False,
                 loss_weight: float = 1.0) -> None:
        super().__init__()
        if temperature <= 0:
            raise ValueError('LogitKLLoss: temperature must be > 0, got '
                             f'{temperature}')
        check_choice('LogitKLLoss', 'reduction', reduction, KL_REDUCTIONS)
        self.temperature = temperature
        self.reduction = reduction
        self.detach_target = detach_target
        self.loss_weight = loss_weight

    @fp32_forward
    def forward(self, student_logits: Tensor, target_logits: Tensor) -> Tensor:
        """Compute the loss.

        Args:
            student_logits (Tensor): ``(B, K)``.
            target_logits (Tensor): ``(B, K)``.

        Returns:
            Tensor: Scalar, or ``(B,)`` for ``reduction='none'``.
        """
        for name, t in (('student_logits', student_logits), ('target_logits',
                                                             target_logits)):
            if not isinstance(t, Tensor):
                raise TypeError(f'LogitKLLoss: {name} must be a Tensor, got '
                                f'{type(t).__name__}')
            if t.dim() != 2 or 0 in t.shape:
                raise ValueError(f'LogitKLLoss: {name} must be non-empty '
                                 f'(B, K) logits, got {tuple(t.shape)}')
        if student_logits.shape != target_logits.shape:
            raise ValueError('LogitKLLoss: student_logits and target_logits '
                             'must have the same shape, got '
                             f'{tuple(student_logits.shape)} and '
                             f'{tuple(target_logits.shape)}')
        if self.detach_target:
            target_logits = target_logits.detach()
        temp = self.temperature
        log_p = F.log_softmax(student_logits / temp, dim=1)
        log_q = F.log_softmax(target_logits / temp, dim=1)
        loss = F.kl_div(log_p, log_q, reduction='none', log_target=True)
        loss = loss.sum(1)
        if self.reduction == 'sum':
            loss = loss.sum()
        elif self.reduction == 'batchmean':
            loss = loss.mean()
        return self.loss_weight * temp**2 * loss


__all__ = ['LogitKLLoss', 'KL_REDUCTIONS']
