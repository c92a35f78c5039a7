"""Validation shared by the point transforms."""
import numpy as np

__all__ = ['sample_name', 'get_points']


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
