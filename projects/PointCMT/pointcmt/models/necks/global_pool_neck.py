"""Turn any point backbone's output into one global feature per shape."""
from typing import Optional, Sequence, Tuple, Union

import torch
from mmengine.model import BaseModule
from torch import Tensor

from mmdet3d.registry import MODELS
from ..layers import shared_mlp

# Known backbone outputs: key -> whether the tensor is channels-last.
#   mmdet3d PointNet2SASSG / PointNet2SAMSG, our PointMLP: ``sa_features``
#   list of (B, C, N)
#   mmdet3d DGCNNBackbone: ``fa_points`` (B, N, C)
_KNOWN_KEYS = {'sa_features': False, 'fa_points': True}


@MODELS.register_module()
class GlobalPoolNeck(BaseModule):
    """Pool the per-point output of a point backbone into ``(B, C)``.

    Understands what mmdet3d's point backbones return: the SA dicts of
    ``PointNet2SASSG``/``PointNet2SAMSG`` and of our :class:`PointMLP`
    (last entry of ``sa_features``, ``(B, C, N)``), the dict of
    ``DGCNNBackbone`` (``fa_points``, ``(B, N, C)``), and plain tensors
    (``(B, C, N)``, or ``(B, C)`` which passes through). Anything else
    raises a ``ValueError`` naming what it got.

    With ``mlp_channels`` it first applies a shared per-point MLP
    (``Conv1d(k=1) + BN + ReLU``), optionally on ``[xyz, features]``: this
    is PointNet++'s final "group all" set abstraction, which mmdet3d's SA
    backbones cannot run themselves (their index bookkeeping needs sampled
    points), so classification configs end the backbone one layer early and
    let the neck do it.

    Args:
        in_channels (int, optional): Channels of the selected features;
            required with ``mlp_channels``.
        mlp_channels (Sequence[int]): Shared MLP widths; empty for none.
        use_xyz (bool): Concatenate the points' xyz (``sa_xyz[-1]`` of an
            SA dict, the input points of a DGCNN dict) to the features
            before the MLP, as PointNet++ does.
        pool (str): ``'max'``, ``'avg'`` or ``'max_avg'`` (concatenation of
            both, as DGCNN's classifier does; doubles the channels).
        in_key (str, optional): Dict key to read; ``None`` picks a known one.
        channels_last (bool, optional): Layout of the selected tensor;
            ``None`` uses the known layout of ``in_key`` or ``(B, C, N)``.
    """

    def __init__(self,
                 in_channels: Optional[int] = None,
                 mlp_channels: Sequence[int] = (),
                 use_xyz: bool = False,
                 pool: str = 'max',
                 in_key: Optional[str] = None,
                 channels_last: Optional[bool] = None,
                 norm_cfg: dict = dict(type='BN1d'),
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        if mlp_channels and in_channels is None:
            raise ValueError('GlobalPoolNeck: in_channels is required with '
                             'mlp_channels')
        self.use_xyz = use_xyz
        self.mlp = shared_mlp((in_channels or 0) + (3 if use_xyz else 0),
                              mlp_channels, norm_cfg)
        if pool not in ('max', 'avg', 'max_avg'):
            raise ValueError(f"GlobalPoolNeck: pool must be 'max', 'avg' or "
                             f"'max_avg', got {pool!r}")
        self.pool = pool
        self.in_key = in_key
        self.channels_last = channels_last

    def _select(self, feats: Union[dict, Tensor, Sequence]
                ) -> Tuple[Tensor, bool]:
        """Pick the per-point tensor and its layout from a backbone output."""
        if isinstance(feats, Tensor):
            return feats, bool(self.channels_last)
        if isinstance(feats, dict):
            key = self.in_key
            if key is None:
                key = next((k for k in _KNOWN_KEYS if k in feats), None)
            if key is None or key not in feats:
                raise ValueError(
                    'GlobalPoolNeck cannot find a feature in the backbone '
                    f'output: got keys {sorted(feats)}, expected '
                    f'{self.in_key or list(_KNOWN_KEYS)} (set neck.in_key)')
            value = feats[key]
            if isinstance(value, (list, tuple)):
                value = value[-1]
            layout = self.channels_last
            if layout is None:
                layout = _KNOWN_KEYS.get(key, False)
            return value, layout
        if isinstance(feats, (list, tuple)) and feats and isinstance(
                feats[-1], Tensor):
            return feats[-1], bool(self.channels_last)
        raise ValueError('GlobalPoolNeck expects a Tensor, a dict of tensors '
                         'or a list of tensors from the backbone, got '
                         f'{type(feats).__name__}')

    @staticmethod
    def _xyz(feats: Union[dict, Tensor, Sequence]) -> Tensor:
        """``(B, N, 3)`` coordinates of the pooled points.

        ``sa_xyz[-1]`` of an SA dict, or the input points (``gf_points[0]``)
        of a DGCNN dict, whose per-point outputs keep the input order.
        """
        if isinstance(feats, dict) and 'sa_xyz' in feats:
            return feats['sa_xyz'][-1]
        if isinstance(feats, dict) and 'gf_points' in feats:
            return feats['gf_points'][0][..., :3]
        raise ValueError('GlobalPoolNeck(use_xyz=True) needs "sa_xyz" '
                         '(PointNet++) or "gf_points" (DGCNN) in the backbone '
                         f'output, got {type(feats).__name__}'
                         + (f' with keys {sorted(feats)}'
                            if isinstance(feats, dict) else ''))

    def forward(self, feats: Union[dict, Tensor, Sequence]) -> Tensor:
        """Pool per-point features.

        Args:
            feats (dict | Tensor | list): Backbone output (see class doc).

        Returns:
            Tensor: ``(B, C)`` global feature (``C`` = ``mlp_channels[-1]``
            when an MLP is set; doubled for ``'max_avg'``).
        """
        x, channels_last = self._select(feats)
        if not isinstance(x, Tensor) or x.dim() not in (2, 3):
            raise ValueError('GlobalPoolNeck expects a (B, C) or (B, C, N) '
                             'tensor, got '
                             f'{getattr(x, "shape", type(x).__name__)}')
        if x.dim() == 2:
            return x
        if len(self.mlp) or self.use_xyz:
            x = x if not channels_last else x.transpose(1, 2)
            if self.use_xyz:
                x = torch.cat([self._xyz(feats).transpose(1, 2), x], dim=1)
            x, channels_last = self.mlp(x.contiguous()), False
        point_dim = 1 if channels_last else 2
        if self.pool == 'max':
            return x.amax(dim=point_dim)
        if self.pool == 'avg':
            return x.mean(dim=point_dim)
        return torch.cat([x.amax(dim=point_dim), x.mean(dim=point_dim)], 1)


__all__ = ['GlobalPoolNeck']
