"""The base of the models fed by a frozen teacher's features (Stages II
and III): computed online by the teacher, or read from a cache file."""
from typing import Dict, List, Optional

import torch
from torch import Tensor, nn

from pointcmt.structures import PointClsDataSample
from .base_model import PointCMTBaseModel
from .frozen_modules import FrozenModulesMixin, build_frozen
from .teacher_feature_cache import TeacherFeatureCache

__all__ = ['TeacherFedModel']


class TeacherFedModel(FrozenModulesMixin, PointCMTBaseModel):
    """A trainable model that reads a frozen teacher's features.

    Without ``teacher_feats`` the frozen teacher (added by
    :meth:`add_teacher`, held outside the module tree, see
    :mod:`pointcmt.models.frozen_modules`) runs on ``inputs['imgs']``. With
    ``teacher_feats``, the features of each sample are read from that cache
    file (written by ``tools/extract_teacher_features.py`` on the
    un-augmented split, as the reference does), matched by the samples'
    ``pts_path`` or ``sample_idx`` metainfo; no teacher is needed for them.

    Args:
        teacher_feats (str, optional): Teacher-feature cache file; ``None``
            computes the features online.
        teacher_ckpt (str, optional): The Stage I checkpoint; with
            ``teacher_feats``, the cache must have been extracted with it
            (checked by sha256).
        data_preprocessor (dict, optional): See
            :class:`PointCMTBaseModel`.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 teacher_feats: Optional[str] = None,
                 teacher_ckpt: Optional[str] = None,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(
            data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        self.feat_cache = (None if teacher_feats is None else
                           TeacherFeatureCache(teacher_feats, teacher_ckpt))

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
                     data_samples: Optional[List[PointClsDataSample]],
                     channels: Optional[int]) -> Tensor:
        """Teacher features of a batch, without gradient.

        Args:
            inputs (dict): Batched inputs, with ``imgs`` ``(B, V, 3, H, W)``
                when the features are computed online.
            data_samples (list[PointClsDataSample]): The batch's samples
                (their metainfo keys the cache).
            channels (int, optional): Expected ``C_t``; checked when given.

        Returns:
            Tensor: ``(B, C_t)`` on the device of ``inputs['points']``.
        """
        if self.feat_cache is not None:
            if data_samples is None:
                raise ValueError(
                    f'{type(self).__name__} reads teacher features from '
                    f'{self.feat_cache.cache_file}, which needs the batch\'s '
                    'data_samples')
            feat = self.feat_cache.lookup(data_samples).to(
                inputs['points'].device)
        else:
            with torch.no_grad():
                feat = self.teacher.extract_feat(inputs)
        if feat.dim() != 2 or (channels is not None
                               and feat.shape[1] != channels):
            source = (self.feat_cache.cache_file
                      if self.feat_cache is not None else 'online teacher')
            raise ValueError(
                f'{type(self).__name__}: teacher features must be (B, '
                f'{channels if channels is not None else "C_t"}), got '
                f'{tuple(feat.shape)} ({source})')
        return feat
