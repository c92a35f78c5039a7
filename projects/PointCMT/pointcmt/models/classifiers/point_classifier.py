"""Point-cloud classifier: backbone -> neck -> head."""
from typing import Dict, Optional

from torch import Tensor

from mmdet3d.registry import MODELS
from .base_classifier import BaseClassifier


@MODELS.register_module()
class PointClassifier(BaseClassifier):
    """Classify point clouds with any registered point backbone.

    Modelled on mmpretrain's ``ImageClassifier``. The backbone may be ours
    (``PointNetBackbone``, ``PointMLP``) or mmdet3d's (``PointNet2SASSG``,
    ``PointNet2SAMSG``, ``DGCNNBackbone``); :class:`GlobalPoolNeck` turns
    its output into one feature per shape and :class:`PointClsHead`
    classifies it.

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
        super().__init__(
            data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        self.backbone = MODELS.build(backbone)
        self.neck = MODELS.build(neck)
        self.head = MODELS.build(head)

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


__all__ = ['PointClassifier']
