"""Let ``torch.load(weights_only=True)`` read mmengine's own checkpoints.

torch >= 2.6 loads with ``weights_only=True`` by default. mmengine 0.10.7
saves, besides tensors, the message hub (``HistoryBuffer`` objects holding
numpy arrays and scalars) and numpy values in ``meta``, so
``Runner(resume=True)`` fails with ``UnpicklingError``. Rather than turning
unpickling back on for everything (``weights_only=False`` runs arbitrary
code from a checkpoint), we

- allow-list exactly the types mmengine writes (``HistoryBuffer``, numpy
  arrays, dtypes and scalars), and
- stop ``HistoryBuffer`` from pickling its class-level table of statistics
  functions (pickled as ``getattr(HistoryBuffer, 'min')``, which would need
  the unsafe builtin ``getattr`` allowed). The table is rebuilt on load by
  ``HistoryBuffer.__setstate__`` and custom statistics are registered on the
  class at import time, so nothing is lost.
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


def _history_buffer_getstate(self: HistoryBuffer) -> dict:
    """``HistoryBuffer`` state without the class-level statistics table."""
    return {k: v for k, v in self.__dict__.items()
            if k != 'statistics_methods'}


def register_checkpoint_safe_globals() -> None:
    """Make mmengine checkpoints save and load with ``weights_only=True``.

    Idempotent. Checkpoints written before this ran (with the pickled
    statistics table) still need a trusted ``weights_only=False`` load.
    """
    HistoryBuffer.__getstate__ = _history_buffer_getstate
    add = getattr(torch.serialization, 'add_safe_globals', None)
    if add is not None:
        add([HistoryBuffer, *_numpy_globals()])


__all__ = ['register_checkpoint_safe_globals']
