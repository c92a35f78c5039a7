"""Stage I: a multi-view image classifier (MVCNN) used as the teacher."""
from typing import Dict, List, Optional, Union

from mmengine.model import BaseModel
from torch import Tensor

from mmdet3d.registry import MODELS
from pointcmt.structures import PointClsDataSample

ForwardResults = Union[Dict[str, Tensor], List[PointClsDataSample], Tensor]


@MODELS.register_module()
class MultiViewTeacher(BaseModel):
    """MVCNN-style teacher: a shared 2D backbone over views, pooled views.

    ``inputs['imgs']`` ``(B, V, 3, H, W)`` -> views folded into the batch
    -> backbone (last output map) -> global average pool per view ->
    ``'max'`` (reference) or ``'mean'`` pooling over the ``V`` views ->
    ``(B, feat_channels)`` (:meth:`extract_feat`, the feature PointCMT
    distils) -> ``Linear(feat_channels, num_classes)``.

    The classifier is a :class:`PointClsHead` without hidden layers, so the
    teacher's predictions are ``PointClsDataSample`` like the student's and
    its weights are ``head.fc.*``.

    Args:
        backbone (dict): 2D backbone config, e.g. ``dict(type='mmdet.ResNet',
            depth=18, out_indices=(3,), norm_eval=False, init_cfg=dict(
            type='Pretrained', checkpoint='torchvision://resnet18'))``; its
            last output ``(B*V, feat_channels, h, w)`` is used.
        num_classes (int): Number of classes.
        feat_channels (int): Channels of the backbone's last output (512
            for ResNet-18 with ``base_channels=64``).
        view_pool (str): ``'max'`` or ``'mean'`` over views.
        label_smoothing (float): Label smoothing of the cross-entropy.
        data_preprocessor (dict, optional): Defaults to
            ``PointClsDataPreprocessor`` (set its ``img_mean``/``img_std``).
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 backbone: dict,
                 num_classes: int,
                 feat_channels: int = 512,
                 view_pool: str = 'max',
                 label_smoothing: float = 0.0,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        if data_preprocessor is None:
            data_preprocessor = dict(type='PointClsDataPreprocessor')
        if isinstance(data_preprocessor, dict):
            data_preprocessor = MODELS.build(data_preprocessor)
        super().__init__(
            data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        if view_pool not in ('max', 'mean'):
            raise ValueError("MultiViewTeacher: view_pool must be 'max' or "
                             f"'mean', got {view_pool!r}")
        self.view_pool = view_pool
        self.feat_channels = feat_channels
        self.backbone = MODELS.build(backbone)
        self.head = MODELS.build(
            dict(
                type='PointClsHead',
                num_classes=num_classes,
                in_channels=feat_channels,
                hidden_channels=(),
                label_smoothing=label_smoothing))

    def extract_feat(self, inputs: Dict[str, Tensor]) -> Tensor:
        """View-pooled image feature.

        Args:
            inputs (dict): ``imgs`` of shape ``(B, V, 3, H, W)``.

        Returns:
            Tensor: ``(B, feat_channels)``.
        """
        imgs = inputs.get('imgs')
        if imgs is None:
            raise KeyError('MultiViewTeacher expects inputs["imgs"] of shape '
                           f'(B, V, 3, H, W), got keys {sorted(inputs)}')
        if imgs.dim() != 5 or imgs.shape[2] != 3:
            raise ValueError('MultiViewTeacher expects inputs["imgs"] of '
                             'shape (B, V, 3, H, W), got '
                             f'{tuple(imgs.shape)}')
        num_views = imgs.shape[1]
        maps = self.backbone(imgs.flatten(0, 1))
        if isinstance(maps, (tuple, list)):
            maps = maps[-1]
        if maps.dim() != 4 or maps.shape[1] != self.feat_channels:
            raise ValueError(
                f'MultiViewTeacher: the backbone gives {tuple(maps.shape)}, '
                f'expected (B*V, feat_channels={self.feat_channels}, h, w); '
                'set feat_channels to its channel count')
        feats = maps.mean(dim=(2, 3)).unflatten(0, (-1, num_views))
        if self.view_pool == 'max':
            return feats.amax(dim=1)
        return feats.mean(dim=1)

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
            inputs (dict): Batched inputs with ``imgs`` ``(B, V, 3, H, W)``.
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


__all__ = ['MultiViewTeacher']
