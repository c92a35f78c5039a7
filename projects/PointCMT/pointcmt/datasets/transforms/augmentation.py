"""Random point-cloud augmentations (numpy's global RNG, so seeding
mmengine makes them reproducible)."""
from typing import Sequence

import numpy as np
from mmcv.transforms import BaseTransform
from mmdet3d.registry import TRANSFORMS

from .checks import get_mesh, get_points

__all__ = [
    'RandomScaleTranslatePoints', 'JitterPoints', 'RandomRotatePoints',
    'ShufflePoints'
]


def _check_range(name: str, value: Sequence[float]) -> tuple:
    if len(value) != 2 or value[0] > value[1]:
        raise ValueError(f'{name} must be (low, high) with low <= high, got '
                         f'{value}')
    return tuple(float(v) for v in value)


@TRANSFORMS.register_module()
class RandomScaleTranslatePoints(BaseTransform):
    """PointCMT's augmentation: per-axis random scale, then translation.

    ``xyz * s + t`` with ``s, t`` of shape ``(3,)`` drawn uniformly from
    ``scale_range`` and ``translate_range``. Extra channels are unchanged.
    With ``with_mesh`` the sample's mesh gets the same draw, so that a
    teacher rendering it afterwards (``RenderMeshViews``) sees the shape the
    student sees: a per-axis scale changes proportions (a sphere becomes an
    ellipsoid), which a teacher fed the un-augmented shape cannot know.

    Required Keys:
        - points (np.ndarray): ``(N, C)``.
        - mesh_vertices (np.ndarray): ``(V, 3)``, with ``with_mesh``.

    Modified Keys:
        - points: xyz scaled and translated.
        - mesh_vertices: scaled and translated alike, with ``with_mesh``.

    Args:
        scale_range (Sequence[float]): Defaults to ``(2/3, 3/2)``.
        translate_range (Sequence[float]): Defaults to ``(-0.2, 0.2)``.
        with_mesh (bool): Also transform ``mesh_vertices``. Defaults to
            False.
    """

    def __init__(self,
                 scale_range: Sequence[float] = (2. / 3., 3. / 2.),
                 translate_range: Sequence[float] = (-0.2, 0.2),
                 with_mesh: bool = False) -> None:
        self.scale_range = _check_range('scale_range', scale_range)
        self.translate_range = _check_range('translate_range', translate_range)
        self.with_mesh = with_mesh

    def transform(self, results: dict) -> dict:
        """Scale and translate ``points`` (and ``mesh_vertices``)."""
        name = type(self).__name__
        points = get_points(results, name).copy()
        vertices = get_mesh(results, name)[0] if self.with_mesh else None
        scale = np.random.uniform(*self.scale_range, size=3)
        shift = np.random.uniform(*self.translate_range, size=3)
        points[:, :3] = points[:, :3] * scale + shift
        results['points'] = points
        if vertices is not None:
            results['mesh_vertices'] = (vertices * scale + shift).astype(
                vertices.dtype)
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(scale_range={self.scale_range}, '
                f'translate_range={self.translate_range}, '
                f'with_mesh={self.with_mesh})')


@TRANSFORMS.register_module()
class JitterPoints(BaseTransform):
    """Add clipped Gaussian noise to xyz.

    Required Keys:
        - points (np.ndarray): ``(N, C)``.

    Modified Keys:
        - points: xyz plus ``clip(sigma * randn, -clip, clip)``.

    Args:
        sigma (float): Noise standard deviation. Defaults to 0.01.
        clip (float): Absolute clip of the noise. Defaults to 0.05.
    """

    def __init__(self, sigma: float = 0.01, clip: float = 0.05) -> None:
        if sigma < 0 or clip <= 0:
            raise ValueError(f'sigma must be >= 0 and clip > 0, got '
                             f'sigma={sigma}, clip={clip}')
        self.sigma = sigma
        self.clip = clip

    def transform(self, results: dict) -> dict:
        """Jitter ``points``."""
        points = get_points(results, 'JitterPoints').copy()
        noise = np.clip(self.sigma * np.random.randn(len(points), 3),
                        -self.clip, self.clip)
        points[:, :3] += noise.astype(points.dtype)
        results['points'] = points
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(sigma={self.sigma}, ' \
               f'clip={self.clip})'


@TRANSFORMS.register_module()
class RandomRotatePoints(BaseTransform):
    """Rotate about one coordinate axis by a uniformly random angle.

    Required Keys:
        - points (np.ndarray): ``(N, C)``; with ``with_normals`` columns
          3:6 are normals.

    Modified Keys:
        - points: xyz (and normals) rotated.

    Args:
        axis (str): ``'x'``, ``'y'`` or ``'z'``. Defaults to ``'z'``.
        angle_range (Sequence[float]): Angle range in radians. Defaults to
            ``(-pi, pi)``.
        with_normals (bool): Rotate columns 3:6 too. Defaults to False.
    """

    AXES = ('x', 'y', 'z')

    def __init__(self,
                 axis: str = 'z',
                 angle_range: Sequence[float] = (-np.pi, np.pi),
                 with_normals: bool = False) -> None:
        if axis not in self.AXES:
            raise ValueError(f'axis must be one of {self.AXES}, got {axis!r}')
        self.axis = axis
        self.angle_range = _check_range('angle_range', angle_range)
        self.with_normals = with_normals

    def transform(self, results: dict) -> dict:
        """Rotate ``points``."""
        points = get_points(results, 'RandomRotatePoints').copy()
        if self.with_normals and points.shape[1] < 6:
            raise ValueError('RandomRotatePoints(with_normals=True) needs '
                             f'>= 6 channels, got {points.shape[1]}')
        angle = np.random.uniform(*self.angle_range)
        cos, sin = np.cos(angle), np.sin(angle)
        i, j = [k for k in range(3) if k != self.AXES.index(self.axis)]
        rot = np.eye(3)
        rot[i, i], rot[i, j], rot[j, i], rot[j, j] = cos, -sin, sin, cos
        rot = rot.astype(points.dtype)
        points[:, :3] = points[:, :3] @ rot.T
        if self.with_normals:
            points[:, 3:6] = points[:, 3:6] @ rot.T
        results['points'] = points
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(axis={self.axis!r}, '
                f'angle_range={self.angle_range}, '
                f'with_normals={self.with_normals})')


@TRANSFORMS.register_module()
class ShufflePoints(BaseTransform):
    """Randomly permute the rows of ``points``.

    Required Keys:
        - points (np.ndarray): ``(N, C)``.

    Modified Keys:
        - points: rows permuted.
    """

    def transform(self, results: dict) -> dict:
        """Shuffle ``points``."""
        points = get_points(results, 'ShufflePoints')
        results['points'] = points[np.random.permutation(len(points))]
        return results
