"""Point-cloud classifier: backbone -> neck -> head."""
from typing import Dict, List, Optional, Union

from mmengine.model import BaseModel
from torch import Tensor

from mmdet3d.registry import MODELS
from pointcmt.structures import PointClsDataSample

ForwardResults = Union[Dict[str, Tensor], List[PointClsDataSample], Tensor]


@MODELS.register_module()
class PointClassifier(BaseModel):
    """Classify point clouds with any registered point backbone.

    Modelled on mmpretrain's ``ImageClassifier``. The backbone may be ours
    or mmdet3d's (``PointNet2SASSG``, ``PointNet2SAMSG``,
    ``DGCNNBackbone``); :class:`GlobalPoolNeck` turns its output into one
    feature per shape and :class:`PointClsHead` classifies it.

    Args:
        backbone (dict): Point backbone config; it receives
            ``inputs['points']`` of shape ``(B, N, C)``.
        neck (dict): Config of the neck giving ``(B, C_neck)``.
        head (dict): Config of the :class:`PointClsHead`.
        data_preprocessor (dict, optional): Defaults to
            ``PointClsDataPreprocessor``.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 backbone: dict,
                 neck: dict,
                 head: dict,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        if data_preprocessor is None:
            data_preprocessor = dict(type='PointClsDataPreprocessor')
        # Build from mmdet3d's registry so no default scope is needed.
        if isinstance(data_preprocessor, dict):
            data_preprocessor = MODELS.build(data_preprocessor)
        super().__init__(
            data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        self.backbone = MODELS.build(backbone)
        self.neck = MODELS.build(neck)
        self.head = MODELS.build(head)

    @property
    def feat_channels(self) -> int:
        """Width of the feature returned by :meth:`extract_feat`."""
        return self.head.feat_channels

    def extract_feat(self, inputs: Dict[str, Tensor]) -> Tensor:
        """Global shape feature consumed by the head's last linear layer.

        Args:
            inputs (dict): ``points`` of shape ``(B, N, C)``.

        Returns:
            Tensor: ``(B, feat_channels)``.
        """
        if 'points' not in inputs:
            raise KeyError('PointClassifier expects inputs["points"], got '
                           f'keys {sorted(inputs)}')
        return self.head.pre_logits(
            self.neck(self.backbone(inputs['points'])))

    def classify_feat(self, feat: Tensor) -> Tensor:
        """Logits ``(B, num_classes)`` of features ``(B, feat_channels)``
        (the head's last linear layer, the model's classifier)."""
        return self.head.fc(feat)

    def forward(self,
                inputs: Dict[str, Tensor],
                data_samples: Optional[List[PointClsDataSample]] = None,
                mode: str = 'tensor') -> ForwardResults:
        """Run in ``'loss'``, ``'predict'`` or ``'tensor'`` mode.

        Args:
            inputs (dict): Batched inputs; ``points`` ``(B, N, C)``.
            data_samples (list[PointClsDataSample], optional): Labels.
            mode (str): ``'loss'`` -> ``dict(loss_cls)``, ``'predict'`` ->
                samples with ``pred_label``/``pred_score``, ``'tensor'`` ->
                logits ``(B, num_classes)``.

        Returns:
            dict | list | Tensor: As selected by ``mode``.
        """
        logits = self.classify_feat(self.extract_feat(inputs))
        if mode == 'tensor':
            return logits
        if mode == 'loss':
            return self.head.loss(logits, data_samples)
        if mode == 'predict':
            return self.head.predict(logits, data_samples)
        raise RuntimeError(f'Invalid mode "{mode}": expected loss, predict '
                           'or tensor')


__all__ = ['PointClassifier']
