"""A small PointNet backbone: shared per-point MLP, no grouping ops."""
from typing import Optional, Sequence

from mmengine.model import BaseModule
from torch import Tensor

from mmdet3d.registry import MODELS
from ..layers import shared_mlp


@MODELS.register_module()
class PointNetBackbone(BaseModule):
    """PointNet's shared MLP (Qi et al., CVPR 2017) without the T-nets.

    Each point goes through the same stack of ``Conv1d(k=1) + BN + ReLU``
    layers. It needs no point ops, so it is the fastest student on CPU; pair
    it with :class:`GlobalPoolNeck` to get a global feature.

    Args:
        in_channels (int): Channels per input point (3 for xyz).
        channels (Sequence[int]): Output channels of each layer.
        norm_cfg (dict): Norm layer config.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 in_channels: int = 3,
                 channels: Sequence[int] = (64, 64, 128, 1024),
                 norm_cfg: dict = dict(type='BN1d'),
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        if not channels:
            raise ValueError('PointNetBackbone: channels must not be empty')
        self.in_channels = in_channels
        self.mlp = shared_mlp(in_channels, channels, norm_cfg)

    def forward(self, points: Tensor) -> Tensor:
        """Run the shared MLP.

        Args:
            points (Tensor): ``(B, N, in_channels)`` points, xyz first.

        Returns:
            Tensor: ``(B, channels[-1], N)`` per-point features.
        """
        if points.dim() != 3 or points.shape[-1] != self.in_channels:
            raise ValueError('PointNetBackbone expects points of shape '
                             f'(B, N, {self.in_channels}), got '
                             f'{tuple(points.shape)}')
        return self.mlp(points.transpose(1, 2).contiguous())


__all__ = ['PointNetBackbone']
