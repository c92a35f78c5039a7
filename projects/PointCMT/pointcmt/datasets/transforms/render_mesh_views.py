"""Render multi-view images of a sample's mesh (the teacher's input)."""
from typing import Dict, Sequence, Union

import numpy as np
import torch
from mmcv.transforms import BaseTransform

from mmdet3d.registry import TRANSFORMS
from pointcmt.ops.mesh_renderer import (normalize_mesh_to_unit_sphere,
                                        render_mesh_views)
from .checks import get_mesh, sample_name

__all__ = ['RenderMeshViews']


@TRANSFORMS.register_module()
class RenderMeshViews(BaseTransform):
    """Render orthographic views of ``mesh_vertices``/``mesh_faces``.

    A thin wrapper that calls :func:`pointcmt.ops.mesh_renderer.
    render_mesh_views` with a batch of one. Its ``imgs`` have the layout and
    range of :class:`RenderMultiView`'s, so ``PackPointClsInputs`` and
    ``MultiViewTeacher`` take either; views, cameras and the image frame are
    the same too.

    Required Keys:

    - mesh_vertices (np.ndarray): ``(N, 3)`` float (e.g. from
      ``LoadMeshFromShapeFile``).
    - mesh_faces (np.ndarray): ``(F, 3)`` integer indices into them.

    Added Keys:

    - imgs (np.ndarray): ``(V, H, W, 3)`` float32 in ``[0, 1]``,
      background 0, 3 identical channels.

    Args:
        views (str | dict): ``'simpleview6'``, ``'ring12'``,
            ``'dodecahedron20'`` or ``dict(azimuths=[...],
            elevations=[...])`` in degrees.
        image_size (int): Side of the square images in pixels.
        mode (str): ``'shaded'`` (head-light Lambert from face normals) or
            ``'depth'``.
        scale (float): Half-width of the orthographic frame.
        min_intensity (float): Intensity of the farthest depth.
        ambient (float): Shade of an edge-on face.
        normalize (bool): Render the mesh centred on its surface centroid
            and scaled so the farthest vertex is at distance 1
            (:func:`~pointcmt.ops.mesh_renderer.
            normalize_mesh_to_unit_sphere`), as raw CAD files need; the
            results' mesh keys are left unchanged. With ``False`` the
            vertices are drawn as they are. Defaults to True.
    """

    def __init__(self,
                 views: Union[str, Dict[str, Sequence[float]]] = 'simpleview6',
                 image_size: int = 64,
                 mode: str = 'shaded',
                 scale: float = 1.0,
                 min_intensity: float = 0.2,
                 ambient: float = 0.3,
                 normalize: bool = True) -> None:
        self.render_cfg = dict(
            views=views,
            image_size=image_size,
            mode=mode,
            scale=scale,
            min_intensity=min_intensity,
            ambient=ambient)
        self.normalize = normalize
        # Fail at construction, not at the first sample.
        render_mesh_views(
            torch.eye(3)[None],
            torch.arange(3)[None, None], **self.render_cfg)

    def transform(self, results: dict) -> dict:
        """Add ``results['imgs']`` rendered from the sample's mesh.

        Args:
            results (dict): Result dict with ``mesh_vertices`` and
                ``mesh_faces``; a missing key, a bad shape, NaN or an
                out-of-range face raises, naming the sample.

        Returns:
            dict: The same dict with ``imgs`` added.
        """
        name = type(self).__name__
        vertices, faces = get_mesh(results, name)
        if self.normalize:
            vertices = normalize_mesh_to_unit_sphere(
                vertices, faces, f'{name}: {sample_name(results)}')[0]
        imgs = render_mesh_views(
            torch.from_numpy(np.ascontiguousarray(vertices,
                                                  dtype=np.float32))[None],
            torch.from_numpy(np.ascontiguousarray(faces,
                                                  dtype=np.int64))[None],
            **self.render_cfg)[0]
        results['imgs'] = imgs.numpy()
        return results

    def __repr__(self) -> str:
        args = ', '.join(f'{k}={v!r}' for k, v in self.render_cfg.items())
        return (f'{self.__class__.__name__}({args}, '
                f'normalize={self.normalize!r})')
