"""Health signals of cross-modal training, logged next to the losses.

A collapse of the student (e.g. a classifier shrunk until its logits are
near uniform) shows in these numbers before it shows in the accuracy, and
the per-term gradient norms tell which loss term drives it.
"""
from typing import Dict, Optional

import torch
from torch import Tensor

HEALTH_PREFIX = 'health/'


def _mean_entropy(logits: Tensor) -> Tensor:
    """Mean entropy (nats) of ``softmax(logits)`` over a ``(B, K)`` batch."""
    log_p = torch.log_softmax(logits.detach().float(), dim=1)
    return -(log_p.exp() * log_p).sum(1).mean()


def term_grad_norms(losses: Dict[str, Tensor],
                    student_feat: Tensor) -> Dict[str, Tensor]:
    """Norm of the gradient each loss term sends into the student feature.

    Args:
        losses (dict): Scalar loss terms whose graphs reach ``student_feat``
            (kept: ``retain_graph=True``).
        student_feat (Tensor): ``(B, C_s)`` student feature.

    Returns:
        dict: ``grad_<term>`` -> Frobenius norm of ``d term / d feature``
        (``<term>`` is the loss name without its ``loss_`` prefix); 0 for a
        term that does not reach the feature.
    """
    norms = {}
    for name, value in losses.items():
        grad, = torch.autograd.grad(
            value, student_feat, retain_graph=True, allow_unused=True)
        key = 'grad_' + name[len('loss_'):]
        norms[key] = (grad.detach().norm() if grad is not None else
                      student_feat.new_zeros(()))
    return norms


def distill_health(losses: Dict[str, Tensor],
                   student_feat: Tensor,
                   student_logits: Tensor,
                   teacher_feat: Tensor,
                   teacher_logits_by_student_fc: Optional[Tensor],
                   labels: Tensor,
                   fc_weight: Tensor,
                   kd_target_logits: Optional[Tensor] = None
                   ) -> Dict[str, Tensor]:
    """Health signals of one Stage III batch, as ``health/<name>`` scalars.

    Args:
        losses (dict): The (weighted) loss terms of the batch.
        student_feat (Tensor): ``(B, C_s)``, part of the autograd graph.
        student_logits (Tensor): ``(B, K)`` student classifier on
            ``student_feat``.
        teacher_feat (Tensor): ``(B, C_t)`` teacher feature as used by the
            terms (after any norm matching).
        teacher_logits_by_student_fc (Tensor, optional): ``(B, K)`` the
            *student* classifier applied to ``teacher_feat`` (Classifier
            Enhancement's target); ``None`` when the widths differ.
        labels (Tensor): ``(B,)`` ground-truth classes.
        fc_weight (Tensor): ``(K, C_s)`` student classifier weights.
        kd_target_logits (Tensor, optional): ``(B, K)`` the teacher's own
            logits, when logit distillation is on.

    Returns:
        dict: Detached scalars: ``teacher_feat_acc`` (%, the student
        classifier on teacher features), ``fc_weight_norm``,
        ``student_entropy`` / ``target_entropy`` (nats, mean over the batch;
        ``kd_target_entropy`` with logit distillation; the two that need
        ``teacher_logits_by_student_fc`` are left out without it),
        ``student_feat_norm`` / ``teacher_feat_norm`` (mean L2 norm per
        sample) and ``grad_<term>`` (see :func:`term_grad_norms`).
    """
    with torch.no_grad():
        signals = dict(
            fc_weight_norm=fc_weight.detach().norm(),
            student_entropy=_mean_entropy(student_logits),
            student_feat_norm=student_feat.detach().norm(dim=1).mean(),
            teacher_feat_norm=teacher_feat.detach().norm(dim=1).mean())
        if teacher_logits_by_student_fc is not None:
            signals['teacher_feat_acc'] = (
                teacher_logits_by_student_fc.argmax(1) == labels).float().mean(
                ) * 100
            signals['target_entropy'] = _mean_entropy(
                teacher_logits_by_student_fc)
        if kd_target_logits is not None:
            signals['kd_target_entropy'] = _mean_entropy(kd_target_logits)
    if student_feat.requires_grad:
        signals.update(term_grad_norms(losses, student_feat))
    return {HEALTH_PREFIX + k: v for k, v in signals.items()}


__all__ = ['HEALTH_PREFIX', 'distill_health', 'term_grad_norms']
