"""Render multi-view images of a sample's points (the teacher's input)."""
from typing import Dict, Sequence, Union

import numpy as np
import torch
from mmcv.transforms import BaseTransform

from mmdet3d.registry import TRANSFORMS
from pointcmt.ops.point_renderer import render_point_views
from .checks import get_points


@TRANSFORMS.register_module()
class RenderMultiView(BaseTransform):
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
        views (str | dict): ``'simpleview6'``, ``'ring12'``,
            ``'dodecahedron20'`` or ``dict(azimuths=[...],
            elevations=[...])`` in degrees.
        image_size (int): Side of the square images in pixels.
        radius (int): Splat radius in pixels.
        mode (str): ``'depth'`` or ``'shaded'``.
        footprint (str): ``'square'`` or ``'disc'``.
        scale (float): Half-width of the orthographic frame.
        min_intensity (float): Intensity of the farthest depth.
        ambient (float): Head-light level of an edge-on surface
            (``'shaded'`` only).
    """

    def __init__(self,
                 views: Union[str, Dict[str, Sequence[float]]] = 'simpleview6',
                 image_size: int = 64,
                 radius: int = 1,
                 mode: str = 'depth',
                 footprint: str = 'square',
                 scale: float = 1.0,
                 min_intensity: float = 0.2,
                 ambient: float = 0.3) -> None:
        self.render_cfg = dict(
            views=views,
            image_size=image_size,
            radius=radius,
            mode=mode,
            footprint=footprint,
            scale=scale,
            min_intensity=min_intensity,
            ambient=ambient)
        # Fail at construction, not at the first sample.
        render_point_views(torch.zeros(1, 1, 3), **self.render_cfg)

    def transform(self, results: dict) -> dict:
        """Add ``results['imgs']`` rendered from ``results['points']``.

        Args:
            results (dict): Result dict with ``points``; a missing key, a
                bad shape or NaN raises, naming the sample.

        Returns:
            dict: The same dict with ``imgs`` added.
        """
        points = get_points(results, type(self).__name__)
        batch = torch.from_numpy(
            np.ascontiguousarray(points[:, :3], dtype=np.float32))[None]
        imgs = render_point_views(batch, **self.render_cfg)[0]
        results['imgs'] = imgs.numpy()
        return results

    def __repr__(self) -> str:
        args = ', '.join(f'{k}={v!r}' for k, v in self.render_cfg.items())
        return f'{self.__class__.__name__}({args})'


__all__ = ['RenderMultiView']
