"""Point ops: pure-PyTorch CPU versions of mmcv's point ops, installed into
mmcv's autograd Functions on import (CUDA tensors still use mmcv's kernels,
except kNN on other than 3 channels: :mod:`.feature_knn` on every device).
"""
from .emd import (EMD_SOLVERS, auction_cpu_match, auction_match, emd_distance,
                  emd_match, exact_match, pool_workers)
from .feature_knn import feature_knn
from .mmcv_cpu_backend import install_cpu_backend
from .point_ops_cpu import (ball_query, furthest_point_sample,
                            furthest_point_sample_with_dist, gather_points,
                            grouping_operation, knn, three_interpolate,
                            three_nn)
from .mesh_renderer import normalize_mesh_to_unit_sphere, render_mesh_views
from .point_renderer import render_point_views
from .render_views import (VIEW_PRESETS, camera_frames, view_angles,
                           view_directions)

install_cpu_backend()

__all__ = [
    'EMD_SOLVERS', 'auction_match', 'auction_cpu_match', 'emd_distance',
    'emd_match', 'exact_match', 'pool_workers', 'feature_knn',
    'install_cpu_backend', 'ball_query', 'furthest_point_sample',
    'furthest_point_sample_with_dist', 'gather_points', 'grouping_operation',
    'knn', 'three_interpolate', 'three_nn', 'VIEW_PRESETS', 'camera_frames',
    'render_point_views', 'view_angles', 'view_directions',
    'render_mesh_views', 'normalize_mesh_to_unit_sphere'
]
