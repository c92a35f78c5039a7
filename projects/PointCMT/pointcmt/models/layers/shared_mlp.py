"""A shared (per-point) MLP: 1x1 ``Conv1d + BN + ReLU`` layers."""
from typing import Sequence

from mmcv.cnn import ConvModule
from torch import nn


def shared_mlp(in_channels: int, channels: Sequence[int],
               norm_cfg: dict) -> nn.Sequential:
    """``(B, in_channels, N) -> (B, channels[-1], N)``, the same MLP on
    every point (empty ``channels``: the identity).

    Args:
        in_channels (int): Input channels.
        channels (Sequence[int]): Output channels of each layer.
        norm_cfg (dict): Norm layer of each layer (e.g. ``BN1d``).

    Returns:
        nn.Sequential: The layers, each a ``ConvModule``.
    """
    layers = []
    for c_in, c_out in zip((in_channels, *channels[:-1]), channels):
        layers.append(
            ConvModule(
                c_in,
                c_out,
                kernel_size=1,
                conv_cfg=dict(type='Conv1d'),
                norm_cfg=norm_cfg,
                act_cfg=dict(type='ReLU')))
    return nn.Sequential(*layers)


__all__ = ['shared_mlp']
