"""Render multi-view images of a sample's points (the teacher's input)."""
from typing import Tuple

import numpy as np
import torch
from torch import Tensor

from mmdet3d.registry import TRANSFORMS
from pointcmt.ops.point_renderer import render_point_views
from .checks import get_points
from .render_views_base import RenderViewsTransform


@TRANSFORMS.register_module()
class RenderMultiView(RenderViewsTransform):
    """Render orthographic depth views of ``points`` into ``imgs``.

    A thin wrapper that calls :func:`pointcmt.ops.point_renderer.
    render_point_views` with a batch of one, so per-sample and batched
    (on-device) rendering give identical images. See that function for the
    camera frames, the image frame (``[-scale, scale]`` on both axes) and the
    depth-to-intensity mapping.

    Required Keys:

    - points (np.ndarray): ``(N, C)`` float, ``C >= 3``, xyz first; roughly
      inside the unit sphere (e.g. after ``NormalizePointsToUnitSphere``).

    Added Keys:

    - imgs (np.ndarray): ``(V, H, W, 3)`` float32 in ``[0, 1]``, background
      0, nearer points brighter, 3 identical channels.

    Args:
        **render_options: Keyword arguments of :func:`pointcmt.ops.
            point_renderer.render_point_views` with their defaults there:
            ``views`` (``'simpleview6'``, ``'ring12'``, ``'dodecahedron20'``
            or ``dict(azimuths=[...], elevations=[...])`` in degrees),
            ``image_size``, ``radius`` (splat radius in pixels), ``mode``
            (``'depth'`` or ``'shaded'``), ``footprint``, ``scale``,
            ``min_intensity``, ``ambient``.
    """

    renderer = staticmethod(render_point_views)

    def probe(self) -> Tuple[Tensor]:
        """A batch of one cloud of one point."""
        return torch.zeros(1, 1, 3),

    def transform(self, results: dict) -> dict:
        """Add ``results['imgs']`` rendered from ``results['points']``.

        Args:
            results (dict): Result dict with ``points``; a missing key, a
                bad shape or NaN raises, naming the sample.

        Returns:
            dict: The same dict with ``imgs`` added.
        """
        points = get_points(results, type(self).__name__)
        results['imgs'] = self.render(points[:, :3].astype(np.float32))
        return results


__all__ = ['RenderMultiView']
