"""Cross-Modal Point Generator: a global feature -> a point set."""
from typing import Optional, Sequence

from mmengine.model import BaseModule
from torch import Tensor, nn

from mmdet3d.registry import MODELS


@MODELS.register_module()
class CMPG(BaseModule):
    """Decode a ``(B, C)`` feature into ``(B, P, 3)`` points.

    Reference (official code): ``Dropout -> Linear(C, 3 * P, bias=False)``
    reshaped to ``P x 3``. ``hidden_channels`` inserts ``Linear + ReLU``
    layers before it (the paper describes a 3-layer MLP, e.g.
    ``hidden_channels=(1024, 1024)``).

    Args:
        in_channels (int): Feature width ``C`` (the teacher's, 512).
        num_points (int): Generated points ``P``.
        hidden_channels (Sequence[int]): Hidden widths; empty = reference.
        dropout (float): Dropout before the output layer.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 in_channels: int = 512,
                 num_points: int = 1024,
                 hidden_channels: Sequence[int] = (),
                 dropout: float = 0.5,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        if in_channels < 1 or num_points < 1:
            raise ValueError('CMPG: in_channels and num_points must be '
                             f'positive, got {in_channels}, {num_points}')
        self.in_channels = in_channels
        self.num_points = num_points
        layers = []
        c_in = in_channels
        for c_out in hidden_channels:
            layers += [nn.Linear(c_in, c_out), nn.ReLU(inplace=True)]
            c_in = c_out
        layers += [
            nn.Dropout(dropout),
            nn.Linear(c_in, 3 * num_points, bias=False)
        ]
        self.mlp = nn.Sequential(*layers)

    def forward(self, feat: Tensor) -> Tensor:
        """Generate points.

        Args:
            feat (Tensor): ``(B, in_channels)`` features.

        Returns:
            Tensor: ``(B, num_points, 3)`` points.
        """
        if feat.dim() != 2 or feat.shape[1] != self.in_channels:
            raise ValueError(f'CMPG expects features of shape (B, '
                             f'{self.in_channels}), got {tuple(feat.shape)}')
        return self.mlp(feat).view(-1, self.num_points, 3)


__all__ = ['CMPG']
