"""Where a frozen model gets its teacher features: online or cached."""
from typing import Dict, Optional

import torch
from torch import Tensor, nn

TEACHER_FEAT_SOURCES = ('online', 'cached')


def check_teacher_feat_source(source: str, owner: str) -> None:
    """Raise a ``ValueError`` unless ``source`` is ``'online'``/``'cached'``.
    """
    if source not in TEACHER_FEAT_SOURCES:
        raise ValueError(f'{owner}: teacher_feat_source must be one of '
                         f'{TEACHER_FEAT_SOURCES}, got {source!r}')


def get_teacher_feat(inputs: Dict[str, Tensor], teacher: Optional[nn.Module],
                     source: str, channels: Optional[int],
                     owner: str) -> Tensor:
    """Teacher features of a batch, without gradient.

    Args:
        inputs (dict): Batched inputs: ``imgs`` ``(B, V, 3, H, W)`` for
            ``'online'``, ``teacher_feat`` ``(B, C_t)`` for ``'cached'``
            (from the ``LoadTeacherFeature`` transform).
        teacher (nn.Module, optional): Frozen teacher with ``extract_feat``;
            used for ``'online'``.
        source (str): ``'online'`` or ``'cached'``.
        channels (int, optional): Expected ``C_t``; checked when given.
        owner (str): Model name for error messages.

    Returns:
        Tensor: ``(B, C_t)``.
    """
    if source == 'cached':
        if 'teacher_feat' not in inputs:
            raise KeyError(
                f'{owner} uses cached teacher features but the batch has no '
                f'inputs["teacher_feat"] (keys {sorted(inputs)}): add '
                'LoadTeacherFeature to the pipeline')
        feat = inputs['teacher_feat'].detach()
    else:
        with torch.no_grad():
            feat = teacher.extract_feat(inputs)
    if feat.dim() != 2 or (channels is not None and feat.shape[1] != channels):
        raise ValueError(f'{owner}: teacher features must be (B, '
                         f'{channels if channels is not None else "C_t"}), '
                         f'got {tuple(feat.shape)} ({source})')
    return feat


__all__ = [
    'TEACHER_FEAT_SOURCES', 'check_teacher_feat_source', 'get_teacher_feat'
]
