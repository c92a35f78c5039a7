"""Stage I: a multi-view image classifier (MVCNN) used as the teacher."""
from typing import Dict, Optional

from torch import Tensor

from mmdet3d.registry import MODELS
from ..classifiers import BaseClassifier


@MODELS.register_module()
class MultiViewTeacher(BaseClassifier):
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
        super().__init__(
            data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        if view_pool not in ('max', 'mean'):
            raise ValueError("MultiViewTeacher: view_pool must be 'max' or "
                             f"'mean', got {view_pool!r}")
        self.view_pool = view_pool
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


__all__ = ['MultiViewTeacher']
