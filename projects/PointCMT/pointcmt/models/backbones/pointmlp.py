"""PointMLP and PointMLP-elite (Ma et al., ICLR 2022): residual point MLPs
on FPS + kNN neighbourhoods normalised by a geometric affine module."""
from typing import Dict, List, Optional, Sequence, Tuple

import torch
from mmcv.cnn import ConvModule, build_activation_layer
from mmcv.ops import (furthest_point_sample, gather_points, grouping_operation,
                      knn)
from mmengine.model import BaseModule
from torch import Tensor, nn

from mmdet3d.registry import MODELS


def _conv(in_channels: int,
          out_channels: int,
          norm_cfg: dict,
          act_cfg: Optional[dict],
          groups: int = 1) -> ConvModule:
    """``Conv1d(k=1, no bias) + norm (+ act)`` on ``(B, C, N)``."""
    return ConvModule(
        in_channels,
        out_channels,
        kernel_size=1,
        groups=groups,
        conv_cfg=dict(type='Conv1d'),
        norm_cfg=norm_cfg,
        act_cfg=act_cfg)


class ResidualPointBlock(BaseModule):
    """PointMLP's residual point MLP block (``ConvBNReLURes1D``).

    ``act(net2(net1(x)) + x)``: ``net1`` maps ``channels`` to
    ``int(channels * res_expansion)`` (``Conv + BN + act``), ``net2`` maps
    back (``Conv + BN``). With ``groups > 1`` both convolutions are grouped
    and ``net2`` adds an activation and an ungrouped ``Conv + BN``, as in
    the official model.

    Args:
        channels (int): Input and output channels.
        res_expansion (float): Width factor of the bottleneck.
        groups (int): Groups of the two grouped convolutions.
        norm_cfg (dict): Norm layer config.
        act_cfg (dict): Activation config.
    """

    def __init__(self, channels: int, res_expansion: float, groups: int,
                 norm_cfg: dict, act_cfg: dict) -> None:
        super().__init__()
        mid = int(channels * res_expansion)
        self.net1 = _conv(channels, mid, norm_cfg, act_cfg, groups)
        if groups == 1:
            self.net2 = _conv(mid, channels, norm_cfg, None)
        else:
            self.net2 = nn.Sequential(
                _conv(mid, channels, norm_cfg, act_cfg, groups),
                _conv(channels, channels, norm_cfg, None))
        self.act = build_activation_layer(act_cfg)

    def forward(self, x: Tensor) -> Tensor:
        """``(B, channels, N)`` -> ``(B, channels, N)``."""
        return self.act(self.net2(self.net1(x)) + x)


class LocalGrouper(BaseModule):
    """FPS anchors, their kNN neighbourhoods (in xyz) and the geometric
    affine module.

    Every neighbour's feature ``f`` becomes
    ``alpha * (f - f_anchor) / (sigma + 1e-5) + beta``, ``sigma`` the
    standard deviation of all ``f - f_anchor`` of the sample (over channels,
    anchors and neighbours), ``alpha``/``beta`` learnable per channel; the
    anchor's own feature is concatenated to it. FPS, kNN and the gathers are
    mmcv's point ops (CUDA kernels, or ``pointcmt``'s CPU backend).

    Args:
        channels (int): Feature channels ``C``.
        num_neighbors (int): ``k`` of the kNN, ``0 < k < 100``.
    """

    def __init__(self, channels: int, num_neighbors: int) -> None:
        super().__init__()
        self.num_neighbors = num_neighbors
        self.affine_alpha = nn.Parameter(torch.ones(1, channels, 1, 1))
        self.affine_beta = nn.Parameter(torch.zeros(1, channels, 1, 1))

    def forward(self, xyz: Tensor, features: Tensor,
                num_anchors: int) -> Tuple[Tensor, Tensor, Tensor]:
        """Group ``features`` around ``num_anchors`` FPS anchors.

        Args:
            xyz (Tensor): ``(B, N, 3)`` contiguous coordinates.
            features (Tensor): ``(B, C, N)`` contiguous features.
            num_anchors (int): Number of anchors ``M``.

        Returns:
            tuple[Tensor]: Anchor coordinates ``(B, M, 3)``, grouped
            features ``(B, 2C, M, k)`` (normalised neighbours, then the
            anchor's feature) and the anchors' indices ``(B, M)`` (int32).
        """
        anchor_idx = furthest_point_sample(xyz, num_anchors)
        anchor_xyz = gather_points(
            xyz.transpose(1, 2).contiguous(),
            anchor_idx).transpose(1, 2).contiguous()
        neighbor_idx = knn(self.num_neighbors, xyz, anchor_xyz)  # (B, k, M)
        neighbors = grouping_operation(
            features,
            neighbor_idx.transpose(1, 2).contiguous())
        anchors = gather_points(features, anchor_idx).unsqueeze(-1)
        offsets = neighbors - anchors
        sigma = offsets.reshape(len(offsets), -1).std(dim=1)
        offsets = offsets / (sigma.view(-1, 1, 1, 1) + 1e-5)
        offsets = self.affine_alpha * offsets + self.affine_beta
        grouped = torch.cat([offsets, anchors.expand_as(offsets)], dim=1)
        return anchor_xyz, grouped, anchor_idx


class PointMLPStage(BaseModule):
    """One PointMLP stage: group, pre-extraction (``Conv + BN + act`` then
    residual blocks on every neighbour), max over the neighbours,
    pos-extraction (residual blocks on every anchor).

    Args:
        in_channels (int): Input feature channels ``C``.
        out_channels (int): Output feature channels.
        num_neighbors (int): ``k`` of the kNN.
        pre_blocks (int): Residual blocks before the pooling.
        pos_blocks (int): Residual blocks after the pooling.
        res_expansion (float): Bottleneck factor of the blocks.
        groups (int): Groups of the blocks' grouped convolutions.
        norm_cfg (dict): Norm layer config.
        act_cfg (dict): Activation config.
    """

    def __init__(self, in_channels: int, out_channels: int, num_neighbors: int,
                 pre_blocks: int, pos_blocks: int, res_expansion: float,
                 groups: int, norm_cfg: dict, act_cfg: dict) -> None:
        super().__init__()
        self.grouper = LocalGrouper(in_channels, num_neighbors)
        self.transfer = _conv(2 * in_channels, out_channels, norm_cfg, act_cfg)

        block = (out_channels, res_expansion, groups, norm_cfg, act_cfg)
        self.pre_blocks = nn.Sequential(
            *[ResidualPointBlock(*block) for _ in range(pre_blocks)])
        self.pos_blocks = nn.Sequential(
            *[ResidualPointBlock(*block) for _ in range(pos_blocks)])

    def forward(self, xyz: Tensor, features: Tensor,
                num_anchors: int) -> Tuple[Tensor, Tensor, Tensor]:
        """``xyz (B, N, 3)``, ``features (B, C, N)`` -> anchor xyz
        ``(B, M, 3)``, features ``(B, out_channels, M)``, anchor indices
        ``(B, M)``."""
        xyz, grouped, idx = self.grouper(xyz, features, num_anchors)
        batch, channels, num, k = grouped.shape
        x = self.transfer(grouped.view(batch, channels, num * k))
        x = self.pre_blocks(x)
        x = x.view(batch, -1, num, k).amax(dim=3)
        return xyz, self.pos_blocks(x), idx


@MODELS.register_module()
class PointMLP(BaseModule):
    """PointMLP backbone ("Rethinking Network Design and Local Geometry in
    Point Cloud: A Simple Residual MLP Framework", Ma et al., ICLR 2022).

    A point-wise embedding (``Conv + BN + act``), then stages of
    :class:`PointMLPStage`. Stage ``i`` keeps ``N_{i-1} // reducers[i]``
    FPS anchors of its input points (so any input size works, the anchors
    following it), groups their ``k_neighbors[i]`` nearest neighbours and
    multiplies the width by ``dim_expansion[i]``. The official classifier
    max-pools the last stage's features: pair it with
    ``GlobalPoolNeck(pool='max')`` (no MLP), which reads ``sa_features``.

    ``arch`` picks the published settings; any other argument that is not
    ``None`` overrides its entry of the preset:

    - ``'pointmlp'``: ``embed_dim=64, res_expansion=1.0,
      dim_expansion=(2, 2, 2, 2), pre_blocks=(2, 2, 2, 2),
      pos_blocks=(2, 2, 2, 2)``: 1024 output channels.
    - ``'pointmlp-elite'``: ``embed_dim=32, res_expansion=0.25,
      dim_expansion=(2, 2, 2, 1), pre_blocks=(1, 1, 2, 1),
      pos_blocks=(1, 1, 2, 1)``: 256 output channels.

    Both use ``groups=1``, ``k_neighbors=(24,) * 4``, ``reducers=(2,) * 4``.

    Args:
        arch (str): ``'pointmlp'`` or ``'pointmlp-elite'``.
        in_channels (int): Channels per input point, xyz first; all of
            them feed the embedding, xyz alone the FPS and kNN.
        embed_dim (int, optional): Width of the embedding.
        groups (int, optional): Groups of the residual blocks.
        res_expansion (float, optional): Bottleneck factor of the blocks.
        dim_expansion (Sequence[int], optional): Width factor per stage.
        pre_blocks (Sequence[int], optional): Pre-extraction blocks per
            stage.
        pos_blocks (Sequence[int], optional): Pos-extraction blocks per
            stage.
        k_neighbors (Sequence[int], optional): kNN size per stage, each in
            ``(0, 100)`` (mmcv's kNN).
        reducers (Sequence[int], optional): Point reduction per stage.
        norm_cfg (dict): Norm layer config.
        act_cfg (dict): Activation config.
        init_cfg (dict, optional): Initialisation config.
    """

    arch_settings = {
        'pointmlp':
        dict(
            embed_dim=64,
            groups=1,
            res_expansion=1.0,
            dim_expansion=(2, 2, 2, 2),
            pre_blocks=(2, 2, 2, 2),
            pos_blocks=(2, 2, 2, 2),
            k_neighbors=(24, 24, 24, 24),
            reducers=(2, 2, 2, 2)),
    }
    # The elite: narrower, fewer blocks, the last stage not widened.
    arch_settings['pointmlp-elite'] = dict(
        arch_settings['pointmlp'],
        embed_dim=32,
        res_expansion=0.25,
        dim_expansion=(2, 2, 2, 1),
        pre_blocks=(1, 1, 2, 1),
        pos_blocks=(1, 1, 2, 1))

    def __init__(self,
                 arch: str = 'pointmlp',
                 in_channels: int = 3,
                 embed_dim: Optional[int] = None,
                 groups: Optional[int] = None,
                 res_expansion: Optional[float] = None,
                 dim_expansion: Optional[Sequence[int]] = None,
                 pre_blocks: Optional[Sequence[int]] = None,
                 pos_blocks: Optional[Sequence[int]] = None,
                 k_neighbors: Optional[Sequence[int]] = None,
                 reducers: Optional[Sequence[int]] = None,
                 norm_cfg: dict = dict(type='BN1d'),
                 act_cfg: dict = dict(type='ReLU'),
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        if arch not in self.arch_settings:
            raise ValueError(f'PointMLP: arch must be one of '
                             f'{sorted(self.arch_settings)}, got {arch!r}')
        if in_channels < 3:
            raise ValueError('PointMLP: in_channels must be >= 3 (xyz '
                             f'first), got {in_channels}')
        overrides = dict(
            embed_dim=embed_dim,
            groups=groups,
            res_expansion=res_expansion,
            dim_expansion=dim_expansion,
            pre_blocks=pre_blocks,
            pos_blocks=pos_blocks,
            k_neighbors=k_neighbors,
            reducers=reducers)
        cfg = dict(self.arch_settings[arch])
        cfg.update({k: v for k, v in overrides.items() if v is not None})
        per_stage = ('dim_expansion', 'pre_blocks', 'pos_blocks',
                     'k_neighbors', 'reducers')
        lengths = {key: len(cfg[key]) for key in per_stage}
        if len(set(lengths.values())) != 1:
            raise ValueError('PointMLP: the per-stage settings must have '
                             f'the same length, got {lengths}')
        if not all(0 < k < 100 for k in cfg['k_neighbors']):
            raise ValueError('PointMLP: k_neighbors must be in (0, 100) '
                             f"(mmcv knn), got {cfg['k_neighbors']}")
        if not all(r >= 1 for r in cfg['reducers']):
            raise ValueError('PointMLP: reducers must be >= 1, got '
                             f"{cfg['reducers']}")
        self.in_channels = in_channels
        self.k_neighbors = tuple(cfg['k_neighbors'])
        self.reducers = tuple(cfg['reducers'])
        self.embedding = _conv(in_channels, cfg['embed_dim'], norm_cfg,
                               act_cfg)
        self.stages = nn.ModuleList()
        channels = cfg['embed_dim']
        for i, factor in enumerate(cfg['dim_expansion']):
            self.stages.append(
                PointMLPStage(channels, channels * factor,
                              cfg['k_neighbors'][i], cfg['pre_blocks'][i],
                              cfg['pos_blocks'][i], cfg['res_expansion'],
                              cfg['groups'], norm_cfg, act_cfg))
            channels *= factor
        self.out_channels = channels

    def _check_points(self, points: Tensor) -> None:
        """Raise a ``ValueError`` naming ``points`` if it has the wrong
        shape or too few points for a stage's FPS and kNN."""
        if points.dim() != 3 or points.shape[-1] != self.in_channels:
            raise ValueError('PointMLP expects points of shape '
                             f'(B, N, {self.in_channels}), got '
                             f'{tuple(points.shape)}')
        if points.shape[1] < self.min_points:
            raise ValueError(
                f'PointMLP needs at least {self.min_points} points per '
                f'sample for its stages (k_neighbors={self.k_neighbors}, '
                f'reducers={self.reducers}), points has {points.shape[1]}')

    @property
    def min_points(self) -> int:
        """Fewest input points every stage can group."""
        need = 1
        for k, reducer in reversed(list(zip(self.k_neighbors, self.reducers))):
            need = max(k, need * reducer)
        return need

    def forward(self, points: Tensor) -> Dict[str, List[Tensor]]:
        """Run the embedding and the stages.

        Args:
            points (Tensor): ``(B, N, in_channels)`` points, xyz first.

        Returns:
            dict[str, list[Tensor]]: mmdet3d's set-abstraction outputs, one
            entry for the input and one per stage (``N_0 = N``,
            ``N_i = N_{i-1} // reducers[i-1]``):

            - ``sa_xyz``: ``(B, N_i, 3)`` coordinates.
            - ``sa_features``: ``(B, C_i, N_i)`` features; ``C_0`` is
              ``embed_dim`` (the embedding), the last ``C`` is
              :attr:`out_channels`.
            - ``sa_indices``: ``(B, N_i)`` (int64) indices of the points in
              the input.
        """
        self._check_points(points)
        xyz = points[..., :3].contiguous()
        features = self.embedding(points.transpose(1, 2).contiguous())
        batch, num = xyz.shape[:2]
        indices = torch.arange(num, device=xyz.device).expand(batch, num)
        sa_xyz, sa_features, sa_indices = [xyz], [features], [indices]
        for stage, reducer in zip(self.stages, self.reducers):
            num //= reducer
            xyz, features, idx = stage(xyz, features, num)
            sa_xyz.append(xyz)
            sa_features.append(features)
            sa_indices.append(torch.gather(sa_indices[-1], 1, idx.long()))
        return dict(
            sa_xyz=sa_xyz, sa_features=sa_features, sa_indices=sa_indices)


__all__ = ['PointMLP']
