"""Validation shared by the point and mesh transforms."""
from typing import Tuple

import numpy as np

__all__ = ['sample_name', 'get_points', 'get_mesh']


def sample_name(results: dict) -> str:
    """Identify a sample in error messages: its file, else its index."""
    if 'pts_path' in results:
        return f"pts_path={results['pts_path']!r}"
    return f"sample_idx={results.get('sample_idx', '?')}"


def get_points(results: dict, transform: str) -> np.ndarray:
    """Return ``results['points']`` after checking it is a finite array.

    Args:
        results (dict): The pipeline results dict.
        transform (str): Name of the calling transform, for the message.

    Returns:
        np.ndarray: ``(N, C)`` float array with ``N >= 1`` and ``C >= 3``.
    """
    if 'points' not in results:
        raise KeyError(f"{transform}: results of {sample_name(results)} has "
                       "no 'points'; load or generate points first")
    points = results['points']
    if (not isinstance(points, np.ndarray) or points.ndim != 2
            or points.shape[0] == 0 or points.shape[1] < 3
            or not np.issubdtype(points.dtype, np.floating)):
        raise ValueError(
            f'{transform}: points of {sample_name(results)} must be a '
            'non-empty float np.ndarray (N, C>=3), got '
            f'{type(points).__name__} {getattr(points, "shape", "")} '
            f'{getattr(points, "dtype", "")}')
    if not np.isfinite(points).all():
        raise ValueError(f'{transform}: points of {sample_name(results)} '
                         'contain NaN/Inf, expected finite values')
    return points


def get_mesh(results: dict, transform: str) -> Tuple[np.ndarray, np.ndarray]:
    """Return ``mesh_vertices`` and ``mesh_faces`` after checking them.

    Args:
        results (dict): The pipeline results dict.
        transform (str): Name of the calling transform, for the message.

    Returns:
        tuple[np.ndarray, np.ndarray]: ``(N, 3)`` finite float vertices and
        ``(F, 3)`` integer faces with indices in ``[0, N)``, ``F >= 1``.
    """
    name = sample_name(results)
    for key in ('mesh_vertices', 'mesh_faces'):
        if key not in results:
            raise KeyError(f"{transform}: results of {name} has no '{key}'; "
                           'load a mesh first (LoadMeshFromShapeFile)')
    vertices, faces = results['mesh_vertices'], results['mesh_faces']
    for key, array, kind, shape in (('mesh_vertices', vertices, np.floating,
                                     '(N, 3) float'),
                                    ('mesh_faces', faces, np.integer,
                                     '(F, 3) integer')):
        if (not isinstance(array, np.ndarray) or array.ndim != 2
                or array.shape[1] != 3 or len(array) == 0
                or not np.issubdtype(array.dtype, kind)):
            raise ValueError(f'{transform}: {key} of {name} must be a '
                             f'non-empty {shape} np.ndarray, got '
                             f'{type(array).__name__} '
                             f'{getattr(array, "shape", "")} '
                             f'{getattr(array, "dtype", "")}')
    if not np.isfinite(vertices).all():
        raise ValueError(f'{transform}: mesh_vertices of {name} contain '
                         'NaN/Inf, expected finite values')
    if faces.min() < 0 or faces.max() >= len(vertices):
        raise ValueError(f'{transform}: mesh_faces of {name} index '
                         f'{faces.min()}..{faces.max()}, expected '
                         f'0..{len(vertices) - 1}')
    return vertices, faces
