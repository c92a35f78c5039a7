"""Stage II: train the CMPG to turn frozen teacher features into points."""
from typing import Dict, List, Optional

import torch
from torch import Tensor

from mmdet3d.registry import MODELS
from pointcmt.structures import PointClsDataSample
from ..teacher_fed_model import TeacherFedModel


@MODELS.register_module()
class CMPGPretrainModel(TeacherFedModel):
    """Cross-Modal Point Generator pre-training on a frozen teacher.

    ``loss_emd = loss_emd(CMPG(f_t), points)`` where ``f_t`` is the frozen
    teacher's feature of the views (online) or the cached one
    (``teacher_feats``, no teacher built) and ``points`` the first ``P =
    generator.num_points`` xyz of ``inputs['points']`` (the pipeline should
    give exactly ``P`` points, e.g. ``SamplePoints(num_points=P)``; fewer is
    an error). The reference loss is 30 x EMD after unit-box normalisation.

    The teacher is held frozen outside the module tree (see
    :mod:`pointcmt.models.frozen_modules`): checkpoints hold
    ``generator.*`` only, which ``CrossModalDistiller(generator_ckpt=...)``
    loads.

    Modes: ``loss`` -> ``dict(loss_emd)``; ``predict`` -> one
    ``PointClsDataSample`` per shape with ``pred_points`` ``(P, 3)`` and
    ``pred_emd`` (the unweighted EMD of that shape, for
    ``GeneratorEMDMetric``); ``tensor`` -> generated points ``(B, P, 3)``.

    Args:
        generator (dict): ``CMPG`` config.
        teacher (dict, optional): ``MultiViewTeacher`` config (online).
        teacher_ckpt (str, optional): Its Stage I checkpoint (online; with
            ``teacher_feats``, the checkpoint the cache is checked against).
        teacher_feats (str, optional): Teacher-feature cache file; ``None``
            runs the teacher online.
        loss_emd (dict): Point-set loss (reference: ``EMDLoss`` weight 30,
            its solver chosen by device); it must accept ``reduction``,
            ``loss_weight`` and ``solver``: ``pred_emd``, the Stage II
            metric, is the same loss per shape, unweighted, with the exact
            solver.
        data_preprocessor (dict, optional): Defaults to
            ``PointClsDataPreprocessor``; normalise images as in Stage I.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 generator: dict,
                 teacher: Optional[dict] = None,
                 teacher_ckpt: Optional[str] = None,
                 teacher_feats: Optional[str] = None,
                 loss_emd: dict = dict(type='EMDLoss', loss_weight=30.0),
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(teacher_feats, teacher_ckpt, data_preprocessor,
                         init_cfg)
        self.generator = MODELS.build(generator)
        self.loss_emd = MODELS.build(loss_emd)
        # The same loss per shape, unweighted and exact: predict's pred_emd.
        self.sample_emd = MODELS.build(
            dict(loss_emd, reduction='none', loss_weight=1.0, solver='exact'))
        if teacher_feats is None:
            self.add_teacher(teacher, teacher_ckpt, 'online teacher features')
            if self.teacher.feat_channels != self.generator.in_channels:
                raise ValueError(
                    f'CMPGPretrainModel: the teacher gives '
                    f'{self.teacher.feat_channels}-d features but the CMPG '
                    f'takes {self.generator.in_channels}-d ones')

    def _target_points(self, inputs: Dict[str, Tensor]) -> Tensor:
        """First ``P`` xyz of ``inputs['points']``: ``(B, P, 3)``."""
        points = inputs['points']
        num = self.generator.num_points
        if points.dim() != 3 or points.shape[1] < num or points.shape[2] < 3:
            raise ValueError(
                f'CMPGPretrainModel expects inputs["points"] of shape (B, N '
                f'>= {num}, C >= 3), got {tuple(points.shape)}; sample '
                f'{num} points in the pipeline')
        return points[:, :num, :3]

    def _generate(self, inputs: Dict[str, Tensor],
                  data_samples: List[PointClsDataSample]) -> Tensor:
        return self.generator(
            self.teacher_feat(inputs, data_samples,
                              self.generator.in_channels))

    def loss(self, inputs: Dict[str, Tensor],
             data_samples: List[PointClsDataSample]) -> Dict[str, Tensor]:
        """``dict(loss_emd)`` of the generated against the real points.

        Args:
            inputs (dict): ``points`` ``(B, N, C)`` and ``imgs``
                ``(B, V, 3, H, W)`` (online).
            data_samples (list[PointClsDataSample]): Samples (their
                metainfo keys the feature cache).

        Returns:
            dict: ``loss_emd`` (scalar).
        """
        generated = self._generate(inputs, data_samples)
        return dict(
            loss_emd=self.loss_emd(generated, self._target_points(inputs)))

    def predict(
        self,
        inputs: Dict[str, Tensor],
        data_samples: Optional[List[PointClsDataSample]] = None
    ) -> List[PointClsDataSample]:
        """Samples with ``pred_points`` ``(P, 3)`` and ``pred_emd``."""
        if data_samples is None:
            data_samples = [
                PointClsDataSample() for _ in range(len(inputs['points']))
            ]
        generated = self._generate(inputs, data_samples)
        target = self._target_points(inputs)
        with torch.no_grad():
            emd = self.sample_emd(generated, target)
        for sample, points, value in zip(data_samples, generated, emd):
            sample.set_field(points.detach(), 'pred_points')
            sample.set_field(value, 'pred_emd')
        return data_samples

    def _forward(
            self,
            inputs: Dict[str, Tensor],
            data_samples: Optional[List[PointClsDataSample]] = None
    ) -> Tensor:
        """Generated points ``(B, P, 3)``."""
        return self._generate(inputs, data_samples)


__all__ = ['CMPGPretrainModel']
