"""The base of the models fed by a frozen teacher's features (Stages II
and III): online from the teacher, or cached by ``LoadTeacherFeature``."""
from typing import Dict, Optional

import torch
from torch import Tensor, nn

from .base_model import PointCMTBaseModel
from .frozen_modules import FrozenModulesMixin, build_frozen

__all__ = ['TEACHER_FEAT_SOURCES', 'TeacherFedModel']

TEACHER_FEAT_SOURCES = ('online', 'cached')


class TeacherFedModel(FrozenModulesMixin, PointCMTBaseModel):
    """A trainable model that reads a frozen teacher's features.

    With ``teacher_feat_source='online'`` the frozen teacher (added by
    :meth:`add_teacher`, held outside the module tree, see
    :mod:`pointcmt.models.frozen_modules`) runs on ``inputs['imgs']``; with
    ``'cached'`` the batch brings ``inputs['teacher_feat']`` and no teacher
    is needed for the features.

    Args:
        teacher_feat_source (str): ``'online'`` or ``'cached'``.
        data_preprocessor (dict, optional): See
            :class:`PointCMTBaseModel`.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 teacher_feat_source: str = 'online',
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(
            data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        if teacher_feat_source not in TEACHER_FEAT_SOURCES:
            raise ValueError(f'{type(self).__name__}: teacher_feat_source '
                             f'must be one of {TEACHER_FEAT_SOURCES}, got '
                             f'{teacher_feat_source!r}')
        self.teacher_feat_source = teacher_feat_source

    def add_teacher(self, teacher: Optional[dict], teacher_ckpt: Optional[str],
                    needed_by: str) -> None:
        """Build the frozen teacher from its config and Stage I checkpoint.

        Args:
            teacher (dict, optional): ``MultiViewTeacher`` config; ``None``
                raises.
            teacher_ckpt (str, optional): Its checkpoint; ``None`` raises.
            needed_by (str): What needs the teacher, for the message.
        """
        if teacher is None:
            raise ValueError(f'{type(self).__name__}: {needed_by} need a '
                             'teacher config')
        self.add_frozen('teacher',
                        build_frozen(teacher, teacher_ckpt, 'teacher_ckpt'))

    @property
    def teacher(self) -> Optional[nn.Module]:
        """The frozen teacher (``None`` until :meth:`add_teacher`)."""
        return self.frozen('teacher')

    def teacher_feat(self, inputs: Dict[str, Tensor],
                     channels: Optional[int]) -> Tensor:
        """Teacher features of a batch, without gradient.

        Args:
            inputs (dict): Batched inputs: ``imgs`` ``(B, V, 3, H, W)`` for
                ``'online'``, ``teacher_feat`` ``(B, C_t)`` for ``'cached'``
                (from the ``LoadTeacherFeature`` transform).
            channels (int, optional): Expected ``C_t``; checked when given.

        Returns:
            Tensor: ``(B, C_t)``.
        """
        owner = type(self).__name__
        if self.teacher_feat_source == 'cached':
            if 'teacher_feat' not in inputs:
                raise KeyError(
                    f'{owner} uses cached teacher features but the batch has '
                    f'no inputs["teacher_feat"] (keys {sorted(inputs)}): add '
                    'LoadTeacherFeature to the pipeline')
            feat = inputs['teacher_feat'].detach()
        else:
            with torch.no_grad():
                feat = self.teacher.extract_feat(inputs)
        if feat.dim() != 2 or (channels is not None
                               and feat.shape[1] != channels):
            raise ValueError(
                f'{owner}: teacher features must be (B, '
                f'{channels if channels is not None else "C_t"}), got '
                f'{tuple(feat.shape)} ({self.teacher_feat_source})')
        return feat
