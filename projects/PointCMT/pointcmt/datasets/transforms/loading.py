"""Load the points of a shape file into the results dict."""
from typing import Optional, Sequence

from mmdet3d.registry import TRANSFORMS

from ..readers import load_points
from .shape_file import ShapeFileLoader

__all__ = ['LoadPointsFromShapeFile']


@TRANSFORMS.register_module()
class LoadPointsFromShapeFile(ShapeFileLoader):
    """Read ``pts_path`` with :func:`pointcmt.datasets.readers.load_points`.

    Required Keys:
        - pts_path (str)

    Added Keys:
        - points (np.ndarray): ``(N, C)`` float32, xyz first.

    Args:
        use_dims (Sequence[int], optional): Columns to keep, e.g. ``[0, 1,
            2]`` for xyz only; the first three must be xyz. Defaults to all.
        num_samples (int): Points sampled from mesh files (``.off``/``.ply``
            meshes). Defaults to 2048.
        seed (int): Seed of the mesh sampling, fixed so that a mesh gives the
            same points every epoch. Defaults to 0.
    """

    def __init__(self,
                 use_dims: Optional[Sequence[int]] = None,
                 num_samples: int = 2048,
                 seed: int = 0) -> None:
        if use_dims is not None and (len(use_dims) < 3
                                     or list(use_dims[:3]) != [0, 1, 2]):
            raise ValueError('use_dims must start with the xyz columns '
                             f'[0, 1, 2], got {use_dims}')
        super().__init__(num_samples, seed)
        self.use_dims = None if use_dims is None else list(use_dims)

    def transform(self, results: dict) -> dict:
        """Add ``points`` read from ``results['pts_path']``."""
        path = self.shape_path(results)
        points = load_points(path, self.num_samples, self.seed)
        if self.use_dims is not None:
            if max(self.use_dims) >= points.shape[1]:
                raise ValueError(f'{path}: use_dims {self.use_dims} needs '
                                 f'{max(self.use_dims) + 1} columns, the '
                                 f'file has {points.shape[1]}')
            points = points[:, self.use_dims]
        results['points'] = points
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(use_dims={self.use_dims}, '
                f'num_samples={self.num_samples}, seed={self.seed})')
