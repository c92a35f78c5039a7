"""Centre a point cloud and scale it into the unit sphere."""
import numpy as np
from mmcv.transforms import BaseTransform
from mmdet3d.registry import TRANSFORMS

from .checks import get_points, sample_name

__all__ = ['NormalizePointsToUnitSphere']


@TRANSFORMS.register_module()
class NormalizePointsToUnitSphere(BaseTransform):
    """Subtract the xyz centroid and divide by the largest point norm.

    Only the xyz columns change; extra channels (normals, colours) are kept.

    Required Keys:
        - points (np.ndarray): ``(N, C)``.

    Modified Keys:
        - points: xyz centred at the origin with max norm 1 (float32).
    """

    def transform(self, results: dict) -> dict:
        """Normalise ``points`` in place of the old array."""
        points = get_points(results, 'NormalizePointsToUnitSphere')
        xyz = points[:, :3].astype(np.float64)
        if not np.ptp(xyz, axis=0).any():
            raise ValueError(
                f'NormalizePointsToUnitSphere: all {len(xyz)} points of '
                f'{sample_name(results)} are identical; expected a shape '
                'with spatial extent')
        xyz -= xyz.mean(axis=0)
        xyz /= np.linalg.norm(xyz, axis=1).max()
        points = points.astype(np.float32)  # a copy: the input stays intact
        points[:, :3] = xyz
        results['points'] = points
        return results
