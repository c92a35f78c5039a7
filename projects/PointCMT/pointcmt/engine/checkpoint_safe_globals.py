"""Let ``torch.load(weights_only=True)`` read mmengine's own checkpoints.

torch >= 2.6 loads with ``weights_only=True`` by default. mmengine 0.10.7
saves, besides tensors, the message hub (``HistoryBuffer`` objects holding
numpy arrays and scalars) and numpy values in ``meta``, so
``Runner(resume=True)`` fails with ``UnpicklingError``. Rather than turning
unpickling back on for everything (``weights_only=False`` runs arbitrary
code from a checkpoint), we allow-list exactly the types mmengine writes.
"""
import numpy as np
import torch
from mmengine.logging import HistoryBuffer


def _numpy_globals() -> list:
    """Numpy types that appear in pickled arrays, dtypes and scalars."""
    if np.lib.NumpyVersion(np.__version__) >= '2.0.0':
        from numpy._core import multiarray
    else:
        from numpy.core import multiarray
    reconstruct, scalar = multiarray._reconstruct, multiarray.scalar
    dtype_classes = [type(np.dtype(t)) for t in np.sctypeDict.values()]
    return [np.ndarray, np.dtype, reconstruct, scalar, *set(dtype_classes)]


def register_checkpoint_safe_globals() -> None:
    """Allow-list mmengine's checkpoint types for ``weights_only`` loads.

    Idempotent; a no-op on torch versions without ``add_safe_globals``.
    """
    add = getattr(torch.serialization, 'add_safe_globals', None)
    if add is None:
        return
    add([HistoryBuffer, *_numpy_globals()])


__all__ = ['register_checkpoint_safe_globals']
