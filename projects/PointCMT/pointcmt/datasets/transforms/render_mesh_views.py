"""Render multi-view images of a sample's mesh (the teacher's input)."""
from typing import Any, Optional, Tuple

import numpy as np
import torch
from torch import Tensor

from mmdet3d.registry import TRANSFORMS
from pointcmt.ops.mesh_renderer import (normalize_mesh_to_unit_sphere,
                                        render_mesh_views)
from .checks import get_mesh, sample_name
from .render_views_base import RenderViewsTransform
from .view_cache import ViewCache

__all__ = ['RenderMeshViews']


@TRANSFORMS.register_module()
class RenderMeshViews(RenderViewsTransform):
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
        normalize (bool): Render the mesh centred on its surface centroid
            and scaled so the farthest vertex is at distance 1
            (:func:`~pointcmt.ops.mesh_renderer.
            normalize_mesh_to_unit_sphere`), as raw CAD files need; the
            results' mesh keys are left unchanged. With ``False`` the
            vertices are drawn as they are. Defaults to True.
        cache_dir (str, optional): Keep the views of each mesh in this
            folder (:class:`ViewCache`: one ``.npz`` of 8-bit images per
            mesh, keyed by the mesh's vertices and faces and these render
            settings, written atomically) and read them from there when
            present; a corrupt entry raises naming its file. The images are
            then rounded to multiples of 1/255, on the first epoch too. For
            meshes that are the same every epoch (no mesh augmentation
            before this step), e.g. ModelNet's OFF files: a full-scale
            teacher renders each shape once. Defaults to None (no cache).
        **render_options: Keyword arguments of :func:`pointcmt.ops.
            mesh_renderer.render_mesh_views` with their defaults there:
            ``views`` (``'simpleview6'``, ``'ring12'``, ``'dodecahedron20'``
            or ``dict(azimuths=[...], elevations=[...])`` in degrees),
            ``image_size``, ``mode`` (``'shaded'``: head-light Lambert from
            face normals, or ``'depth'``), ``scale``, ``min_intensity``,
            ``ambient`` (shade of an edge-on face).
    """

    renderer = staticmethod(render_mesh_views)
    repr_attrs = ('normalize', 'cache_dir')

    def __init__(self,
                 normalize: bool = True,
                 cache_dir: Optional[str] = None,
                 **render_options: Any) -> None:
        self.normalize = normalize
        self.cache_dir = cache_dir
        super().__init__(**render_options)
        self.cache = None
        if cache_dir is not None:
            shape = self.renderer(*self.probe(), **render_options).shape[1:4]
            settings = type(self).__name__ + repr(
                dict(sorted(render_options.items()), normalize=normalize))
            self.cache = ViewCache(cache_dir, settings, shape)

    def probe(self) -> Tuple[Tensor, Tensor]:
        """A batch of one mesh of one triangle."""
        return torch.eye(3)[None], torch.arange(3)[None, None]

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
        arrays = (vertices.astype(np.float32), faces.astype(np.int64))
        if self.cache is None:
            results['imgs'] = self.render_mesh(*arrays, results)
        else:
            results['imgs'] = self.cache.fetch(
                lambda *mesh: self.render_mesh(*mesh, results), *arrays)
        return results

    def render_mesh(self, vertices: np.ndarray, faces: np.ndarray,
                    results: dict) -> np.ndarray:
        """Views of one mesh, normalised first if ``normalize``."""
        if self.normalize:
            vertices = normalize_mesh_to_unit_sphere(
                vertices, faces,
                f'{type(self).__name__}: {sample_name(results)}')[0]
        return self.render(vertices.astype(np.float32), faces)
