"""MLP classification head with label-smoothed cross-entropy."""
from typing import List, Optional, Sequence

import torch
import torch.nn.functional as F
from mmcv.cnn import build_norm_layer
from mmengine.model import BaseModule
from torch import Tensor, nn

from mmdet3d.registry import MODELS
from pointcmt.structures import PointClsDataSample


@MODELS.register_module()
class PointClsHead(BaseModule):
    """MLP head: ``Linear + BN + ReLU`` per hidden layer, then ``Linear``.

    The output of the hidden layers (:meth:`pre_logits`) is the shape
    feature that PointCMT distils; :attr:`fc` is the last linear layer, the
    "student classifier" that PointCMT also applies to teacher features.
    Dropout sits *between* hidden layers only, never on that feature: the
    official PointCMT student's distilled feature (``FC + BN + ReLU``) has
    none, and both cross-modal terms and the classifier see it undropped.
    With one hidden layer the head has no dropout.

    Args:
        num_classes (int): Number of classes.
        in_channels (int): Channels of the neck's global feature.
        hidden_channels (Sequence[int]): Widths of the hidden layers; empty
            means a single linear classifier.
        dropout (float): Dropout after each hidden layer but the last.
        norm_cfg (dict): Norm layer of the hidden layers.
        label_smoothing (float): Label smoothing of the cross-entropy
            (PointCMT uses 0.2).
        loss_weight (float): Weight of ``loss_cls``.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 num_classes: int,
                 in_channels: int,
                 hidden_channels: Sequence[int] = (512, 256),
                 dropout: float = 0.5,
                 norm_cfg: dict = dict(type='BN1d'),
                 label_smoothing: float = 0.0,
                 loss_weight: float = 1.0,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        if num_classes < 2:
            raise ValueError(f'PointClsHead: num_classes must be >= 2, got '
                             f'{num_classes}')
        if not 0.0 <= label_smoothing < 1.0:
            raise ValueError('PointClsHead: label_smoothing must be in '
                             f'[0, 1), got {label_smoothing}')
        self.num_classes = num_classes
        self.in_channels = in_channels
        self.label_smoothing = label_smoothing
        self.loss_weight = loss_weight
        layers = []
        c_in = in_channels
        for i, c_out in enumerate(hidden_channels):
            if i > 0:
                layers.append(nn.Dropout(dropout))
            layers += [
                nn.Linear(c_in, c_out, bias=False),
                build_norm_layer(norm_cfg, c_out)[1],
                nn.ReLU(inplace=True)
            ]
            c_in = c_out
        self.mlp = nn.Sequential(*layers)
        self.feat_channels = c_in
        self.fc = nn.Linear(c_in, num_classes)

    def pre_logits(self, x: Tensor) -> Tensor:
        """Hidden layers: ``(B, in_channels)`` -> ``(B, feat_channels)``."""
        if x.dim() != 2 or x.shape[1] != self.in_channels:
            raise ValueError(f'PointClsHead expects (B, {self.in_channels}) '
                             f'features from the neck, got {tuple(x.shape)}')
        return self.mlp(x)

    def forward(self, x: Tensor) -> Tensor:
        """Logits ``(B, num_classes)`` from neck features ``(B, C)``."""
        return self.fc(self.pre_logits(x))

    def loss(self, logits: Tensor,
             data_samples: List[PointClsDataSample]) -> dict:
        """Label-smoothed cross-entropy.

        Args:
            logits (Tensor): ``(B, num_classes)``.
            data_samples (list[PointClsDataSample]): With ``gt_label``.

        Returns:
            dict: ``loss_cls`` (scalar).
        """
        labels = torch.cat([s.gt_label for s in data_samples]).to(
            logits.device)
        if labels.min() < 0 or labels.max() >= self.num_classes:
            raise ValueError(
                f'gt_label out of range [0, {self.num_classes}): got '
                f'{labels.min().item()}..{labels.max().item()}')
        loss = F.cross_entropy(
            logits.float(), labels, label_smoothing=self.label_smoothing)
        return dict(loss_cls=self.loss_weight * loss)

    def predict(
        self,
        logits: Tensor,
        data_samples: Optional[List[PointClsDataSample]] = None
    ) -> List[PointClsDataSample]:
        """Fill ``pred_score`` (softmax) and ``pred_label`` per sample.

        Args:
            logits (Tensor): ``(B, num_classes)``.
            data_samples (list[PointClsDataSample], optional): Samples to
                fill; new ones are created when ``None``.

        Returns:
            list[PointClsDataSample]: ``B`` samples.
        """
        scores = F.softmax(logits.float(), dim=1).detach()
        labels = scores.argmax(dim=1)
        if data_samples is None:
            data_samples = [PointClsDataSample() for _ in range(len(logits))]
        for sample, score, label in zip(data_samples, scores, labels):
            sample.set_pred_score(score).set_pred_label(label)
        return data_samples


__all__ = ['PointClsHead']
