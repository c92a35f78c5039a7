"""Stage III: distil a frozen image teacher into any point classifier."""
from typing import Dict, List, Optional, Union

import torch
from mmengine.model import BaseModel
from torch import Tensor, nn

from mmdet3d.registry import MODELS
from pointcmt.structures import PointClsDataSample
from pointcmt.utils import FrozenModulesMixin, build_frozen
from ..teachers import check_teacher_feat_source, get_teacher_feat

ForwardResults = Union[Dict[str, Tensor], List[PointClsDataSample], Tensor]


@MODELS.register_module()
class CrossModalDistiller(FrozenModulesMixin, BaseModel):
    """PointCMT's cross-modal training of a point classifier.

    Modelled on mmrazor's ``SingleTeacherDistill``: a trainable student
    and frozen helpers built from config and loaded from checkpoints. The
    frozen teacher and CMPG are held outside the module tree (see
    :mod:`pointcmt.utils.frozen`): they never enter ``state_dict()``, the
    optimizer or ``init_weights()``, stay in eval mode, and move with
    ``.to()``/``.cuda()``. Checkpoints therefore hold ``student.*`` (and
    ``adapter.*``) only; ``tools/export_student.py`` strips the prefix.

    Losses (``loss`` mode), with ``f_s`` the student feature
    (``student.extract_feat``), ``f_t`` the teacher feature and ``fc`` the
    student's last linear layer:

    * ``loss_cls``: the student head's cross-entropy on ``fc(f_s)``;
    * ``loss_fe`` (Feature Enhancement, ``use_fe``):
      ``loss_fe(CMPG(adapter(f_s)), CMPG(f_t))``; the target side runs
      without gradient, so only the student (and adapter) learn;
    * ``loss_ce`` (Classifier Enhancement, ``use_ce``):
      ``loss_ce(fc(f_s), fc(f_t))``, official semantics: KL with
      ``reduction='sum'``, ``T=1`` and the target *not* detached, so ``fc``
      also learns to classify teacher features.

    With ``use_fe=use_ce=False`` no teacher/CMPG is built and only
    ``loss_cls`` remains: the vanilla baseline on the same code path.
    ``predict`` and ``tensor`` modes run the student alone.

    Args:
        student (dict): ``PointClassifier`` config.
        teacher (dict, optional): ``MultiViewTeacher`` config; needed for
            ``teacher_feat_source='online'`` when a term is on.
        teacher_ckpt (str, optional): Stage I checkpoint of the teacher.
        generator (dict, optional): ``CMPG`` config; needed for ``use_fe``.
        generator_ckpt (str, optional): Stage II ``CMPGPretrainModel``
            checkpoint (its ``generator.*`` keys are used) or a plain CMPG
            state dict.
        loss_fe (dict): Feature Enhancement loss (reference: ``EMDLoss``,
            weight 30, unit-box normalisation, gradient to ``pred``).
        loss_ce (dict): Classifier Enhancement loss (reference:
            ``LogitKLLoss``, weight 0.3, ``reduction='sum'``).
        use_fe (bool): Enable ``loss_fe``.
        use_ce (bool): Enable ``loss_ce``.
        adapter (str, optional): ``'auto'`` adds ``Linear(C_s, C_t)`` before
            the CMPG only when the student width ``C_s`` differs from the
            teacher width ``C_t``; ``'linear'`` always adds it; ``None``
            never (a width mismatch is then an error).
        teacher_feat_source (str): ``'online'`` (teacher on
            ``inputs['imgs']``) or ``'cached'`` (``inputs['teacher_feat']``
            from ``LoadTeacherFeature``; no teacher is built).
        data_preprocessor (dict, optional): Defaults to
            ``PointClsDataPreprocessor``; for ``'online'`` its image
            normalisation must match the teacher's Stage I config.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 student: dict,
                 teacher: Optional[dict] = None,
                 teacher_ckpt: Optional[str] = None,
                 generator: Optional[dict] = None,
                 generator_ckpt: Optional[str] = None,
                 loss_fe: Optional[dict] = dict(
                     type='EMDLoss',
                     loss_weight=30.0,
                     normalize='unit_box',
                     grad_to='pred'),
                 loss_ce: Optional[dict] = dict(
                     type='LogitKLLoss',
                     loss_weight=0.3,
                     temperature=1.0,
                     reduction='sum',
                     detach_target=False),
                 use_fe: bool = True,
                 use_ce: bool = True,
                 adapter: Optional[str] = 'auto',
                 teacher_feat_source: str = 'online',
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        if data_preprocessor is None:
            data_preprocessor = dict(type='PointClsDataPreprocessor')
        if isinstance(data_preprocessor, dict):
            data_preprocessor = MODELS.build(data_preprocessor)
        super().__init__(
            data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        check_teacher_feat_source(teacher_feat_source, 'CrossModalDistiller')
        if adapter not in (None, 'auto', 'linear'):
            raise ValueError("CrossModalDistiller: adapter must be None, "
                             f"'auto' or 'linear', got {adapter!r}")
        self.use_fe = use_fe
        self.use_ce = use_ce
        self.teacher_feat_source = teacher_feat_source
        self.student = MODELS.build(student)
        self.adapter: Optional[nn.Module] = None
        student_channels = self.student.feat_channels

        self.teacher_channels: Optional[int] = None
        if (use_fe or use_ce) and teacher_feat_source == 'online':
            if teacher is None:
                raise ValueError('CrossModalDistiller: online teacher '
                                 'features need a teacher config')
            self.add_frozen(
                'teacher', build_frozen(teacher, teacher_ckpt, 'teacher_ckpt'))
            self.teacher_channels = self.teacher.feat_channels
        if use_fe:
            for name, value in (('generator', generator), ('loss_fe',
                                                           loss_fe)):
                if value is None:
                    raise ValueError(f'CrossModalDistiller: use_fe=True '
                                     f'needs {name}')
            self.add_frozen(
                'generator',
                build_frozen(
                    generator,
                    generator_ckpt,
                    'generator_ckpt',
                    prefix='generator.'))
            cmpg_channels = self.generator.in_channels
            if self.teacher_channels not in (None, cmpg_channels):
                raise ValueError(
                    f'CrossModalDistiller: the teacher gives '
                    f'{self.teacher_channels}-d features but the CMPG takes '
                    f'{cmpg_channels}-d ones')
            self.teacher_channels = cmpg_channels
            self.loss_fe = MODELS.build(loss_fe)
            self.adapter = self._build_adapter(adapter, student_channels,
                                               cmpg_channels)
        if use_ce:
            if loss_ce is None:
                raise ValueError('CrossModalDistiller: use_ce=True needs '
                                 'loss_ce')
            if self.teacher_channels not in (None, student_channels):
                raise ValueError(
                    'CrossModalDistiller: loss_ce applies the student '
                    f'classifier (input width {student_channels}) to teacher '
                    f'features of width {self.teacher_channels}; make the '
                    'student feature width equal the teacher width')
            self.teacher_channels = student_channels
            self.loss_ce = MODELS.build(loss_ce)

    @staticmethod
    def _build_adapter(adapter: Optional[str], student_channels: int,
                       teacher_channels: int) -> Optional[nn.Module]:
        """``Linear(C_s, C_t)`` or ``None`` according to ``adapter``."""
        if adapter == 'linear' or (adapter == 'auto'
                                   and student_channels != teacher_channels):
            return nn.Linear(student_channels, teacher_channels)
        if student_channels != teacher_channels:
            raise ValueError(
                'CrossModalDistiller: the student feature width '
                f'({student_channels}) differs from the teacher/CMPG width '
                f"({teacher_channels}); set adapter='auto' or 'linear'")
        return None

    @property
    def teacher(self) -> Optional[nn.Module]:
        """The frozen teacher (``None`` when not built)."""
        return self.frozen('teacher')

    @property
    def generator(self) -> Optional[nn.Module]:
        """The frozen CMPG (``None`` when ``use_fe`` is off)."""
        return self.frozen('generator')

    def loss(self, inputs: Dict[str, Tensor],
             data_samples: List[PointClsDataSample]) -> Dict[str, Tensor]:
        """Student loss plus the enabled cross-modal terms.

        Args:
            inputs (dict): ``points`` ``(B, N, C)``, plus ``imgs``
                ``(B, V, 3, H, W)`` (online) or ``teacher_feat`` ``(B, C_t)``
                (cached) when a term is on.
            data_samples (list[PointClsDataSample]): With ``gt_label``.

        Returns:
            dict: ``loss_cls`` and, if enabled, ``loss_fe``, ``loss_ce``.
        """
        student_feat = self.student.extract_feat(inputs)
        fc = self.student.head.fc
        logits = fc(student_feat)
        losses = dict(self.student.head.loss(logits, data_samples))
        if not (self.use_fe or self.use_ce):
            return losses
        teacher_feat = get_teacher_feat(inputs, self.teacher,
                                        self.teacher_feat_source,
                                        self.teacher_channels,
                                        'CrossModalDistiller')
        if self.use_fe:
            generated = self.generator(
                student_feat if self.adapter is
                None else self.adapter(student_feat))
            with torch.no_grad():
                target = self.generator(teacher_feat)
            losses['loss_fe'] = self.loss_fe(generated, target)
        if self.use_ce:
            losses['loss_ce'] = self.loss_ce(logits, fc(teacher_feat))
        return losses

    def forward(self,
                inputs: Dict[str, Tensor],
                data_samples: Optional[List[PointClsDataSample]] = None,
                mode: str = 'tensor') -> ForwardResults:
        """Run in ``'loss'``, ``'predict'`` or ``'tensor'`` mode.

        ``predict``/``tensor`` use the student alone (samples with
        ``pred_label``/``pred_score``; logits ``(B, num_classes)``).
        """
        if mode == 'loss':
            return self.loss(inputs, data_samples)
        if mode in ('predict', 'tensor'):
            return self.student(inputs, data_samples, mode=mode)
        raise RuntimeError(f'Invalid mode "{mode}": expected loss, predict '
                           'or tensor')


__all__ = ['CrossModalDistiller']
