"""What the shape-file loaders share: the mesh sampling settings and the
``pts_path`` they read."""
from mmcv.transforms import BaseTransform

__all__ = ['ShapeFileLoader']


class ShapeFileLoader(BaseTransform):
    """Base of the transforms that read the file at ``results['pts_path']``.

    Args:
        num_samples (int): Points sampled from a mesh's surface. Defaults to
            2048.
        seed (int): Seed of the sampling, fixed so that a mesh gives the
            same points every epoch. Defaults to 0.
    """

    def __init__(self, num_samples: int = 2048, seed: int = 0) -> None:
        if (isinstance(num_samples, bool) or not isinstance(num_samples, int)
                or num_samples <= 0):
            raise ValueError(f'{type(self).__name__}: num_samples must be a '
                             f'positive int, got {num_samples!r}')
        self.num_samples = num_samples
        self.seed = seed

    def shape_path(self, results: dict) -> str:
        """``results['pts_path']``; a ``KeyError`` naming the sample if it
        is missing."""
        if 'pts_path' not in results:
            raise KeyError(
                f"{type(self).__name__} needs 'pts_path' in the results of "
                f"sample_idx={results.get('sample_idx')}")
        return results['pts_path']

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(num_samples={self.num_samples}, '
                f'seed={self.seed})')
