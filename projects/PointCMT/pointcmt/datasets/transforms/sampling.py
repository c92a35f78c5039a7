"""Resample a point cloud to a fixed number of points."""
import logging

import numpy as np
import torch
from mmcv.transforms import BaseTransform
from mmdet3d.registry import TRANSFORMS
from mmengine.logging import print_log

from pointcmt.ops import furthest_point_sample
from .checks import get_points, sample_name

__all__ = ['SamplePoints']


@TRANSFORMS.register_module()
class SamplePoints(BaseTransform):
    """Pick exactly ``num_points`` points.

    With ``N >= num_points`` points, ``'random'`` draws without replacement
    (``np.random``), ``'fps'`` runs farthest point sampling from the first
    point and ``'first'`` keeps the first ``num_points`` rows. With fewer
    points the shape is repaired by keeping every point and repeating some
    (random draws with replacement for ``'random'``/``'fps'``, cyclic for
    ``'first'``); a warning is logged once per file (or sample index).

    Required Keys:
        - points (np.ndarray): ``(N, C)``.

    Modified Keys:
        - points: ``(num_points, C)``.

    Args:
        num_points (int): Output size.
        method (str): ``'random'``, ``'fps'`` or ``'first'``.
    """

    METHODS = ('random', 'fps', 'first')

    def __init__(self, num_points: int, method: str = 'random') -> None:
        if not isinstance(num_points, int) or num_points <= 0:
            raise ValueError(f'num_points must be a positive int, got '
                             f'{num_points!r}')
        if method not in self.METHODS:
            raise ValueError(f'method must be one of {self.METHODS}, got '
                             f'{method!r}')
        self.num_points = num_points
        self.method = method
        self._warned = set()

    def _pad_indices(self, num: int, results: dict) -> np.ndarray:
        name = sample_name(results)
        if name not in self._warned:
            self._warned.add(name)
            print_log(
                f'SamplePoints: {name} has {num} points, fewer than '
                f'{self.num_points}; repeating points to fill up',
                logger='current',
                level=logging.WARNING)
        if self.method == 'first':
            extra = np.arange(self.num_points - num) % num
        else:
            extra = np.random.choice(num, self.num_points - num)
        return np.concatenate([np.arange(num), extra])

    def transform(self, results: dict) -> dict:
        """Replace ``points`` with exactly ``num_points`` rows."""
        points = get_points(results, 'SamplePoints')
        num = len(points)
        if num < self.num_points:
            indices = self._pad_indices(num, results)
        elif self.method == 'random':
            indices = np.random.choice(num, self.num_points, replace=False)
        elif self.method == 'fps':
            xyz = torch.from_numpy(np.ascontiguousarray(points[None, :, :3]))
            indices = furthest_point_sample(xyz.float(),
                                            self.num_points)[0].long().numpy()
        else:
            indices = np.arange(self.num_points)
        results['points'] = points[indices]
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(num_points={self.num_points}, '
                f'method={self.method!r})')
