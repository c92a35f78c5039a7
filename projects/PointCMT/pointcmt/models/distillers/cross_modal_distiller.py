"""Stage III: distil a frozen image teacher into any point classifier."""
from typing import Dict, List, Optional

import torch
from mmengine.logging import MessageHub
from torch import Tensor, nn

from mmdet3d.registry import MODELS
from pointcmt.structures import PointClsDataSample
from ..frozen_modules import build_frozen
from ..teacher_fed_model import TeacherFedModel
from .health import distill_health

TEACHER_FEAT_NORMS = (None, 'match_student')
#: The reference's Feature Enhancement: 30 x EMD between the CMPG point sets
#: in a unit box, gradient into the student only.
REFERENCE_LOSS_FE = dict(
    type='EMDLoss', loss_weight=30.0, normalize='unit_box', grad_to='pred')
#: The reference's Classifier Enhancement: 0.3 x KL at T = 1, summed over the
#: batch, the target not detached.
REFERENCE_LOSS_CE = dict(
    type='LogitKLLoss',
    loss_weight=0.3,
    temperature=1.0,
    reduction='sum',
    detach_target=False)
#: Logit distillation from the teacher's classifier: 1 x KL at T = 4,
#: averaged over the batch, the target detached.
LOSS_KD = dict(
    type='LogitKLLoss',
    temperature=4.0,
    reduction='batchmean',
    detach_target=True)
#: Feature hint from the teacher's feature: 1 x cosine distance between the
#: adapted student feature and the teacher feature.
LOSS_HINT = dict(type='FeatureHintLoss', loss_weight=1.0)


@MODELS.register_module()
class CrossModalDistiller(TeacherFedModel):
    """PointCMT's cross-modal training of a point classifier.

    Modelled on mmrazor's ``SingleTeacherDistill``: a trainable student
    and frozen helpers built from config and loaded from checkpoints. The
    frozen teacher and CMPG are held outside the module tree (see
    :mod:`pointcmt.models.frozen_modules`): they never enter
    ``state_dict()``, the optimizer or ``init_weights()``, stay in eval
    mode, and move with ``.to()``/``.cuda()``. Checkpoints therefore hold
    ``student.*`` (and ``adapter.*``) only, and
    :func:`pointcmt.apis.export_student` strips the prefix.

    Losses (``loss`` mode), with ``f_s`` the student feature
    (``student.extract_feat``), ``f_t`` the teacher feature, ``fc`` the
    student's classifier (``student.classify_feat``) and ``y`` the labels:

    * ``loss_cls``: the student head's cross-entropy on ``fc(f_s)``;
    * ``loss_fe`` (Feature Enhancement, ``use_fe``):
      ``loss_fe(CMPG(adapter(f_s)), CMPG(f_t))``; the target side runs
      without gradient, so only the student (and adapter) learn;
    * ``loss_ce`` (Classifier Enhancement, ``use_ce``):
      ``loss_ce(fc(f_s), fc(f_t))``. The reference semantics are KL with
      ``reduction='sum'``, ``T=1`` and the target *not* detached, so ``fc``
      also learns from teacher features;
    * ``loss_kd`` (``use_kd``, not in the paper): classic logit
      distillation, ``loss_kd(fc(f_s), teacher_fc(f_t))`` with the
      *teacher's* own classifier (so the teacher config and checkpoint are
      needed, also with cached features);
    * ``loss_hint`` (``use_hint``, not in the paper): a FitNets-style
      feature hint, ``loss_hint(adapter(f_s), f_t)`` (target detached), so
      that the student's feature predicts the teacher's without a CMPG in
      between (the teacher config and checkpoint give its width);
    * ``loss_cls_teacher`` (``teacher_cls_weight > 0``, not in the paper):
      the head's cross-entropy on ``fc(f_t)``, which fits the student
      classifier to teacher features so that Classifier Enhancement's
      target is a real prediction rather than whatever ``fc`` makes of them.

    Every cross-modal term (all but ``loss_cls``) is scaled by a linear
    warm-up factor ``min(1, (iter + 1) / warmup_iters)``. With
    ``teacher_feat_norm='match_student'`` the teacher features are rescaled
    so that their mean L2 norm equals the student's (a detached per-batch
    factor; the CMPG is linear and the EMD box-normalised, so this changes
    what ``fc(f_t)`` predicts, not Feature Enhancement).

    With every term off no teacher/CMPG is built and only ``loss_cls``
    remains: the vanilla baseline on the same code path. ``predict`` and
    ``tensor`` modes run the student alone. In training, ``health/*``
    scalars (:func:`distill_health`) are returned with the losses and so
    reach the log and TensorBoard: the student classifier's accuracy on
    teacher features, its weight norm, the entropies of the student's
    predictions and of the targets, the feature norms and the gradient
    norm each term sends into ``f_s``.

    Args:
        student (dict): ``PointClassifier`` config (any
            :class:`BaseClassifier`: the distiller uses its
            ``extract_feat``, ``classify_feat``, ``loss_by_logits`` and
            ``classifier_weight``, never its head directly).
        teacher (dict, optional): ``MultiViewTeacher`` config; needed for
            ``teacher_feat_source='online'`` when a term is on, and for
            ``use_kd``.
        teacher_ckpt (str, optional): Stage I checkpoint of the teacher.
        generator (dict, optional): ``CMPG`` config; needed for ``use_fe``.
        generator_ckpt (str, optional): Stage II ``CMPGPretrainModel``
            checkpoint (its ``generator.*`` keys are used) or a plain CMPG
            state dict.
        loss_fe (dict): Feature Enhancement loss. Defaults to
            :data:`REFERENCE_LOSS_FE`.
        loss_ce (dict): Classifier Enhancement loss. Defaults to
            :data:`REFERENCE_LOSS_CE`.
        loss_kd (dict): Logit distillation loss. Defaults to
            :data:`LOSS_KD`.
        loss_hint (dict): Feature hint loss. Defaults to :data:`LOSS_HINT`.
        use_fe (bool): Enable ``loss_fe``.
        use_ce (bool): Enable ``loss_ce``.
        use_kd (bool): Enable ``loss_kd``.
        use_hint (bool): Enable ``loss_hint``.
        teacher_cls_weight (float): Weight of ``loss_cls_teacher``; 0 (the
            reference) leaves it out.
        warmup_iters (int): Iterations of the linear warm-up of the
            cross-modal terms; 0 (the reference) means full weight at once.
        teacher_feat_norm (str, optional): ``None`` (reference) or
            ``'match_student'``.
        health_signals (bool): Return the ``health/*`` scalars in training.
        adapter (str, optional): The map of the student feature into the
            teacher's feature space, used by ``loss_fe`` (before the CMPG)
            and ``loss_hint``: ``'auto'`` adds ``Linear(C_s, C_t)`` only when
            the student width ``C_s`` differs from the teacher width
            ``C_t``; ``'linear'`` always adds it; ``None`` never (a width
            mismatch is then an error).
        teacher_feat_source (str): ``'online'`` (teacher on
            ``inputs['imgs']``) or ``'cached'`` (``inputs['teacher_feat']``
            from ``LoadTeacherFeature``).
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
                 loss_fe: Optional[dict] = REFERENCE_LOSS_FE,
                 loss_ce: Optional[dict] = REFERENCE_LOSS_CE,
                 loss_kd: Optional[dict] = LOSS_KD,
                 loss_hint: Optional[dict] = LOSS_HINT,
                 use_fe: bool = True,
                 use_ce: bool = True,
                 use_kd: bool = False,
                 use_hint: bool = False,
                 teacher_cls_weight: float = 0.0,
                 warmup_iters: int = 0,
                 teacher_feat_norm: Optional[str] = None,
                 health_signals: bool = True,
                 adapter: Optional[str] = 'auto',
                 teacher_feat_source: str = 'online',
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(teacher_feat_source, data_preprocessor, init_cfg)
        if adapter not in (None, 'auto', 'linear'):
            raise ValueError("CrossModalDistiller: adapter must be None, "
                             f"'auto' or 'linear', got {adapter!r}")
        if teacher_feat_norm not in TEACHER_FEAT_NORMS:
            raise ValueError('CrossModalDistiller: teacher_feat_norm must be '
                             f'one of {TEACHER_FEAT_NORMS}, got '
                             f'{teacher_feat_norm!r}')
        if teacher_cls_weight < 0 or warmup_iters < 0:
            raise ValueError('CrossModalDistiller: teacher_cls_weight and '
                             'warmup_iters must be >= 0, got '
                             f'{teacher_cls_weight} and {warmup_iters}')
        self.use_fe, self.use_ce, self.use_kd = use_fe, use_ce, use_kd
        self.use_hint = use_hint
        self.teacher_cls_weight = teacher_cls_weight
        self.warmup_iters = warmup_iters
        self.teacher_feat_norm = teacher_feat_norm
        self.health_signals = health_signals
        self.student = MODELS.build(student)
        self.adapter: Optional[nn.Module] = None
        student_channels = self.student.feat_channels

        self.teacher_channels: Optional[int] = None
        if use_kd or use_hint or (self.uses_teacher
                                  and teacher_feat_source == 'online'):
            self.add_teacher(
                teacher, teacher_ckpt, 'online teacher features, use_kd '
                "(the teacher's classifier) and use_hint (its width)")
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
        if use_fe or use_hint:
            self.adapter = self._build_adapter(adapter, student_channels,
                                               self.teacher_channels)
        if use_ce or teacher_cls_weight > 0:
            if self.teacher_channels not in (None, student_channels):
                raise ValueError(
                    'CrossModalDistiller: loss_ce and loss_cls_teacher apply '
                    f'the student classifier (input width {student_channels})'
                    f' to teacher features of width {self.teacher_channels}; '
                    'make the student feature width equal the teacher width')
            self.teacher_channels = student_channels
        for name, switch, cfg in (('loss_ce', use_ce, loss_ce),
                                  ('loss_kd', use_kd, loss_kd),
                                  ('loss_hint', use_hint, loss_hint)):
            if switch:
                if cfg is None:
                    raise ValueError(f'CrossModalDistiller: use_'
                                     f'{name[5:]}=True needs {name}')
                setattr(self, name, MODELS.build(cfg))

    @property
    def uses_teacher(self) -> bool:
        """Whether any term needs teacher features."""
        return (self.use_fe or self.use_ce or self.use_kd or self.use_hint
                or self.teacher_cls_weight > 0)

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
    def generator(self) -> Optional[nn.Module]:
        """The frozen CMPG (``None`` when ``use_fe`` is off)."""
        return self.frozen('generator')

    def _warmup_factor(self) -> float:
        """Linear warm-up factor of the cross-modal terms at this iteration
        (the runner's ``iter`` from the message hub)."""
        if not self.warmup_iters:
            return 1.0
        it = MessageHub.get_current_instance().get_info('iter', 0)
        return min(1.0, (it + 1) / self.warmup_iters)

    def _match_norm(self, teacher_feat: Tensor,
                    student_feat: Tensor) -> Tensor:
        """Apply ``teacher_feat_norm`` to ``(B, C_t)`` teacher features."""
        if self.teacher_feat_norm is None:
            return teacher_feat
        scale = (student_feat.detach().norm(dim=1).mean() /
                 teacher_feat.norm(dim=1).mean().clamp_min(1e-12))
        return teacher_feat * scale

    def loss(self, inputs: Dict[str, Tensor],
             data_samples: List[PointClsDataSample]) -> Dict[str, Tensor]:
        """Student loss plus the enabled cross-modal terms.

        Args:
            inputs (dict): ``points`` ``(B, N, C)``, plus ``imgs``
                ``(B, V, 3, H, W)`` (online) or ``teacher_feat`` ``(B, C_t)``
                (cached) when a term is on.
            data_samples (list[PointClsDataSample]): With ``gt_label``.

        Returns:
            dict: ``loss_cls`` and the enabled terms (``loss_fe``,
            ``loss_ce``, ``loss_kd``, ``loss_hint``, ``loss_cls_teacher``),
            plus the ``health/*`` scalars when ``health_signals`` is on.
        """
        student_feat = self.student.extract_feat(inputs)
        logits = self.student.classify_feat(student_feat)
        losses = dict(self.student.loss_by_logits(logits, data_samples))
        if not self.uses_teacher:
            return losses
        teacher_feat = self._match_norm(
            self.teacher_feat(inputs, self.teacher_channels),
            student_feat)
        warmup = self._warmup_factor()
        cross_modal = {}
        adapted = (
            student_feat if self.adapter is None else
            self.adapter(student_feat))
        if self.use_fe:
            generated = self.generator(adapted)
            with torch.no_grad():
                target = self.generator(teacher_feat)
            cross_modal['loss_fe'] = self.loss_fe(generated, target)
        if self.use_hint:
            cross_modal['loss_hint'] = self.loss_hint(adapted, teacher_feat)
        target_logits = (
            self.student.classify_feat(teacher_feat)
            if self.use_ce or self.teacher_cls_weight > 0 or
            self.health_signals and student_feat.shape[1] ==
            teacher_feat.shape[1] else None)
        if self.use_ce:
            cross_modal['loss_ce'] = self.loss_ce(logits, target_logits)
        kd_logits = None
        if self.use_kd:
            with torch.no_grad():
                kd_logits = self.teacher.classify_feat(teacher_feat)
            cross_modal['loss_kd'] = self.loss_kd(logits, kd_logits)
        if self.teacher_cls_weight > 0:
            cross_modal['loss_cls_teacher'] = self.teacher_cls_weight * (
                self.student.loss_by_logits(target_logits,
                                            data_samples)['loss_cls'])
        losses.update({k: warmup * v for k, v in cross_modal.items()})
        if self.health_signals and self.training:
            losses.update(
                distill_health(
                    losses, student_feat, logits, teacher_feat,
                    target_logits,
                    torch.cat([s.gt_label for s in data_samples
                               ]).to(logits.device),
                    self.student.classifier_weight, kd_logits))
        return losses

    def predict(
        self,
        inputs: Dict[str, Tensor],
        data_samples: Optional[List[PointClsDataSample]] = None
    ) -> List[PointClsDataSample]:
        """The student's predictions (``pred_label``/``pred_score``)."""
        return self.student(inputs, data_samples, mode='predict')

    def _forward(
            self,
            inputs: Dict[str, Tensor],
            data_samples: Optional[List[PointClsDataSample]] = None
    ) -> Tensor:
        """The student's logits ``(B, num_classes)``."""
        return self.student(inputs, data_samples, mode='tensor')


__all__ = [
    'CrossModalDistiller', 'TEACHER_FEAT_NORMS', 'REFERENCE_LOSS_FE',
    'REFERENCE_LOSS_CE', 'LOSS_KD', 'LOSS_HINT'
]
