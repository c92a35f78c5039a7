"""Load a mesh file: its triangles for the renderer, its surface samples."""
from mmcv.transforms import BaseTransform
from mmdet3d.registry import TRANSFORMS

from ..mesh_readers import load_mesh
from ..readers import sample_mesh_surface

__all__ = ['LoadMeshFromShapeFile']


@TRANSFORMS.register_module()
class LoadMeshFromShapeFile(BaseTransform):
    """Read the mesh at ``pts_path`` (``.off``, ``.ply`` or ``.obj``).

    The mesh is kept for :class:`RenderMeshViews` (the teacher's views),
    and ``points`` are area-weighted samples of the very same surface, the
    points :class:`LoadPointsFromShapeFile` gives for this file with the
    same ``num_samples`` and ``seed``. Later point transforms (sampling,
    normalisation, augmentation) change ``points`` only, never the mesh.

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

    def __init__(self, num_samples: int = 2048, seed: int = 0) -> None:
        if isinstance(
                num_samples,
                bool) or not isinstance(num_samples, int) or num_samples <= 0:
            raise ValueError(f'num_samples must be a positive int, got '
                             f'{num_samples!r}')
        self.num_samples = num_samples
        self.seed = seed

    def transform(self, results: dict) -> dict:
        """Add the mesh and its surface samples read from ``pts_path``."""
        if 'pts_path' not in results:
            raise KeyError(
                "LoadMeshFromShapeFile needs 'pts_path' in the results of "
                f"sample_idx={results.get('sample_idx')}")
        path = results['pts_path']
        vertices, faces = load_mesh(path)
        results['points'] = sample_mesh_surface(vertices, faces,
                                                self.num_samples, self.seed,
                                                str(path))
        results['mesh_vertices'] = vertices.astype('float32')
        results['mesh_faces'] = faces
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(num_samples={self.num_samples}, '
                f'seed={self.seed})')
