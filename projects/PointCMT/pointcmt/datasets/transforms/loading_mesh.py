"""Load a mesh file: its triangles for the renderer, its surface samples."""
from mmdet3d.registry import TRANSFORMS

from ..mesh_readers import load_mesh
from ..readers import sample_mesh_surface
from .shape_file import ShapeFileLoader

__all__ = ['LoadMeshFromShapeFile']


@TRANSFORMS.register_module()
class LoadMeshFromShapeFile(ShapeFileLoader):
    """Read the mesh at ``pts_path`` (``.off``, ``.ply`` or ``.obj``).

    The mesh is kept for :class:`RenderMeshViews` (the teacher's views),
    and ``points`` are area-weighted samples of the very same surface, the
    points :class:`LoadPointsFromShapeFile` gives for this file with the
    same ``num_samples`` and ``seed``. Later point transforms (sampling,
    normalisation, augmentation) change ``points`` only, not the mesh
    (except ``RandomScaleTranslatePoints(with_mesh=True)``, which gives
    both the same draw).

    Required Keys:
        - pts_path (str): A mesh file; see
          :mod:`pointcmt.datasets.mesh_readers` for the formats, the
          polygon rule (fan triangulation) and the errors.

    Added Keys:
        - mesh_vertices (np.ndarray): ``(N, 3)`` float32, in file units.
        - mesh_faces (np.ndarray): ``(F, 3)`` int64 indices into
          ``mesh_vertices``.
        - points (np.ndarray): ``(num_samples, 3)`` float32 surface
          samples, in file units.

    Args:
        num_samples (int): Points sampled from the surface. Defaults to
            2048.
        seed (int): Seed of the sampling, fixed so that a mesh gives the
            same points every epoch. Defaults to 0.
    """

    def transform(self, results: dict) -> dict:
        """Add the mesh and its surface samples read from ``pts_path``."""
        path = self.shape_path(results)
        vertices, faces = load_mesh(path)
        results['points'] = sample_mesh_surface(vertices, faces,
                                                self.num_samples, self.seed,
                                                str(path))
        results['mesh_vertices'] = vertices.astype('float32')
        results['mesh_faces'] = faces
        return results
