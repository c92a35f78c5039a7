"""Stage III: distil a frozen image teacher into any point classifier."""
from typing import Dict, List, Optional

import torch
from torch import Tensor, nn

from mmdet3d.registry import MODELS
from pointcmt.structures import PointClsDataSample
from ..frozen_modules import build_frozen
from ..teacher_fed_model import TeacherFedModel
from .health import distill_health

#: Arguments of earlier versions, and what replaced them (configs dumped
#: into old work dirs name them).
REMOVED_ARGS = {
    'use_fe': 'loss_fe is on when configured (None: off)',
    'use_ce': 'loss_ce is on when configured (None: off)',
    'use_kd': 'loss_kd is on when configured (None: off)',
    'use_hint': 'the feature hint was removed (docs/studies/hint.md)',
    'loss_hint': 'the feature hint was removed (docs/studies/hint.md)',
    'teacher_cls_weight': 'removed (docs/studies/modelnet40-cpu.md)',
    'warmup_iters': 'removed (docs/studies/modelnet40-cpu.md)',
    'teacher_feat_norm': 'removed (docs/studies/modelnet40-cpu.md)',
    'adapter': 'a Linear adapter is added when the widths differ',
    'teacher_feat_source': 'teacher_feats=<cache file> reads cached '
    'features; None runs the teacher online',
}


@MODELS.register_module()
class CrossModalDistiller(TeacherFedModel):
    """PointCMT's cross-modal training of a point classifier.

    Modelled on mmrazor's ``SingleTeacherDistill`` with a
    ``ConfigurableDistiller``: a trainable student, frozen helpers built from
    config and loaded from checkpoints, and loss terms that are on when
    configured. The frozen teacher and CMPG are held outside the module tree
    (see :mod:`pointcmt.models.frozen_modules`): they never enter
    ``state_dict()``, the optimizer or ``init_weights()``, stay in eval
    mode, and move with ``.to()``/``.cuda()``. Checkpoints hold
    ``student.*`` (and ``adapter.*``) only; ``tools/export_student.py``
    strips the prefix.

    With ``f_s`` the student feature ``(B, C_s)`` (``student.extract_feat``),
    ``f_t`` the teacher feature ``(B, C_t)``, ``fc`` the student's classifier
    (``student.classify_feat``) and ``teacher_fc`` the teacher's, each term
    compares a prediction with a target:

    ===========  ======================  =========================  ========
    term         prediction              target                     needs
    ===========  ======================  =========================  ========
    ``loss_cls`` ``fc(f_s)``             labels (the student head)  always
    ``loss_fe``  ``CMPG(A(f_s))``        ``CMPG(f_t)``, no gradient generator
    ``loss_ce``  ``fc(f_s)``             ``fc(f_t)``                C_s = C_t
    ``loss_kd``  ``fc(f_s)``             ``teacher_fc(f_t)``, no    teacher
                                         gradient
    ===========  ======================  =========================  ========

    ``loss_fe`` is Feature Enhancement (the paper: 30 x EMD of unit-box
    point sets, gradient into the student only), ``loss_ce`` Classifier
    Enhancement (the paper: 0.3 x KL at T = 1 summed over the batch, the
    target not detached, so ``fc`` also learns from teacher features) and
    ``loss_kd`` logit distillation from the teacher's own classifier (not in
    the paper). ``A`` is ``Linear(C_s, C_t)`` when the widths differ, else
    the identity. With no term configured no teacher or CMPG is built and
    only ``loss_cls`` remains: the vanilla baseline on the same code path.
    ``predict`` and ``tensor`` modes run the student alone. In training,
    ``health/*`` scalars (:func:`distill_health`) are returned with the
    losses and so reach the log and TensorBoard.

    Args:
        student (dict): ``PointClassifier`` config (any
            :class:`BaseClassifier`: the distiller uses its
            ``extract_feat``, ``classify_feat``, ``loss_by_logits`` and
            ``classifier_weight``).
        teacher (dict, optional): ``MultiViewTeacher`` config: needed for
            online teacher features and for ``loss_kd``.
        teacher_ckpt (str, optional): Its Stage I checkpoint.
        teacher_feats (str, optional): Teacher-feature cache of the train
            split (``tools/extract_teacher_features.py``); ``None`` runs the
            teacher online on ``inputs['imgs']``.
        generator (dict, optional): ``CMPG`` config; needed for ``loss_fe``.
        generator_ckpt (str, optional): Stage II ``CMPGPretrainModel``
            checkpoint (its ``generator.*`` keys are used) or a plain CMPG
            state dict.
        loss_fe (dict, optional): Feature Enhancement loss (``EMDLoss``).
        loss_ce (dict, optional): Classifier Enhancement loss
            (``LogitKLLoss``).
        loss_kd (dict, optional): Logit distillation loss (``LogitKLLoss``).
        health_signals (bool): Return the ``health/*`` scalars in training.
        data_preprocessor (dict, optional): Defaults to
            ``PointClsDataPreprocessor``; for online features its image
            normalisation must match the teacher's Stage I config.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 student: dict,
                 teacher: Optional[dict] = None,
                 teacher_ckpt: Optional[str] = None,
                 teacher_feats: Optional[str] = None,
                 generator: Optional[dict] = None,
                 generator_ckpt: Optional[str] = None,
                 loss_fe: Optional[dict] = None,
                 loss_ce: Optional[dict] = None,
                 loss_kd: Optional[dict] = None,
                 health_signals: bool = True,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None,
                 **removed) -> None:
        if removed:
            raise TypeError('CrossModalDistiller: unknown argument(s) ' +
                            '; '.join(f'{k!r} ({REMOVED_ARGS[k]})'
                                      if k in REMOVED_ARGS else repr(k)
                                      for k in removed))
        super().__init__(teacher_feats, teacher_ckpt, data_preprocessor,
                         init_cfg)
        self.health_signals = health_signals
        self.student = MODELS.build(student)
        student_channels = self.student.feat_channels
        terms = dict(loss_fe=loss_fe, loss_ce=loss_ce, loss_kd=loss_kd)
        self.terms = [name for name, cfg in terms.items() if cfg is not None]
        self.teacher_channels: Optional[int] = None
        if loss_kd is not None or (self.terms and teacher_feats is None):
            self.add_teacher(
                teacher, teacher_ckpt, 'online teacher features and loss_kd '
                "(the teacher's classifier)")
            self.teacher_channels = self.teacher.feat_channels
        self.adapter: Optional[nn.Module] = None
        if loss_fe is not None:
            if generator is None:
                raise ValueError('CrossModalDistiller: loss_fe needs a '
                                 'generator (CMPG) config')
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
            if student_channels != cmpg_channels:
                self.adapter = nn.Linear(student_channels, cmpg_channels)
        if loss_ce is not None:
            if self.teacher_channels not in (None, student_channels):
                raise ValueError(
                    'CrossModalDistiller: loss_ce applies the student '
                    f'classifier (input width {student_channels}) to teacher '
                    f'features of width {self.teacher_channels}; make the '
                    'student feature width equal the teacher width')
            self.teacher_channels = student_channels
        for name in self.terms:
            setattr(self, name, MODELS.build(terms[name]))

    @property
    def generator(self) -> Optional[nn.Module]:
        """The frozen CMPG (``None`` without ``loss_fe``)."""
        return self.frozen('generator')

    def loss(self, inputs: Dict[str, Tensor],
             data_samples: List[PointClsDataSample]) -> Dict[str, Tensor]:
        """Student loss plus the configured cross-modal terms.

        Args:
            inputs (dict): ``points`` ``(B, N, C)``, plus ``imgs``
                ``(B, V, 3, H, W)`` when the teacher runs online.
            data_samples (list[PointClsDataSample]): With ``gt_label`` (and
                the metainfo that keys the feature cache).

        Returns:
            dict: ``loss_cls`` and the configured terms, plus the
            ``health/*`` scalars when ``health_signals`` is on.
        """
        student_feat = self.student.extract_feat(inputs)
        logits = self.student.classify_feat(student_feat)
        losses = dict(self.student.loss_by_logits(logits, data_samples))
        if not self.terms:
            return losses
        teacher_feat = self.teacher_feat(inputs, data_samples,
                                         self.teacher_channels)
        if 'loss_fe' in self.terms:
            adapted = (
                student_feat if self.adapter is None else
                self.adapter(student_feat))
            generated = self.generator(adapted)
            with torch.no_grad():
                target = self.generator(teacher_feat)
            losses['loss_fe'] = self.loss_fe(generated, target)
        # fc(f_t): Classifier Enhancement's target, and a health signal
        target_logits = (
            self.student.classify_feat(teacher_feat)
            if 'loss_ce' in self.terms or self.health_signals
            and student_feat.shape[1] == teacher_feat.shape[1] else None)
        if 'loss_ce' in self.terms:
            losses['loss_ce'] = self.loss_ce(logits, target_logits)
        kd_logits = None
        if 'loss_kd' in self.terms:
            with torch.no_grad():
                kd_logits = self.teacher.classify_feat(teacher_feat)
            losses['loss_kd'] = self.loss_kd(logits, kd_logits)
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


__all__ = ['CrossModalDistiller', 'REMOVED_ARGS']
