"""An on-disk cache of rendered views, one compressed ``.npz`` per input."""
import hashlib
import os
import tempfile
import zipfile
from typing import Callable, Sequence

import numpy as np

__all__ = ['ViewCache']


class ViewCache:
    """Rendered views stored as 8-bit gray images under ``cache_dir``.

    An entry is ``<cache_dir>/<sha256>.npz`` holding ``views``, a
    ``(V, H, W)`` uint8 array (the renderers give 3 identical channels; the
    first one is stored). The key hashes the renderer's inputs (their bytes,
    dtypes and shapes) and ``settings`` (the render options), so a changed
    file, mesh or option is a new entry, never a stale one. Entries are
    written atomically (a temporary file in ``cache_dir``, then
    ``os.replace``), so concurrent data-loader workers and interrupted runs
    leave either a whole entry or none.

    Args:
        cache_dir (str): Folder of the entries; created on the first write.
        settings (str): Text identifying the render settings (e.g. the
            transform's ``repr``), part of every key.
        shape (Sequence[int]): ``(V, H, W)`` every entry must have.
    """

    def __init__(self, cache_dir: str, settings: str,
                 shape: Sequence[int]) -> None:
        self.cache_dir = cache_dir
        self.settings = settings
        self.shape = tuple(shape)

    def path(self, *arrays: np.ndarray) -> str:
        """The entry of the views of ``arrays`` (the renderer's inputs)."""
        digest = hashlib.sha256(self.settings.encode())
        for array in arrays:
            digest.update(f'{array.dtype.str}{array.shape}'.encode())
            digest.update(np.ascontiguousarray(array).tobytes())
        return os.path.join(self.cache_dir, f'{digest.hexdigest()}.npz')

    def read(self, path: str) -> np.ndarray:
        """Views stored at ``path``.

        Returns:
            np.ndarray: ``(V, H, W, 3)`` float32 in ``[0, 1]``.

        Raises:
            ValueError: The file is unreadable or holds another array than a
                ``(V, H, W)`` uint8 ``views``; the message names the file.
        """
        try:
            with np.load(path, allow_pickle=False) as data:
                views = data['views']
        except (OSError, ValueError, KeyError, EOFError,
                zipfile.BadZipFile) as err:
            raise ValueError(f'ViewCache: corrupt cache file {path!r} '
                             f'({type(err).__name__}: {err}); delete it to '
                             'render the views again') from err
        if views.dtype != np.uint8 or views.shape != self.shape:
            raise ValueError(
                f'ViewCache: cache file {path!r} holds {views.dtype} '
                f'{views.shape}, expected uint8 {self.shape}; delete it to '
                'render the views again')
        return self.expand(views)

    def write(self, path: str, imgs: np.ndarray) -> np.ndarray:
        """Store ``imgs`` at ``path`` and return them as read back.

        Args:
            path (str): From :meth:`path`.
            imgs (np.ndarray): ``(V, H, W, 3)`` float in ``[0, 1]``.

        Returns:
            np.ndarray: ``(V, H, W, 3)`` float32, ``imgs`` rounded to
            multiples of 1/255: what :meth:`read` gives later, so that a
            sample looks the same whether it was rendered or read.
        """
        views = np.rint(imgs[..., 0] * 255).astype(np.uint8)
        if views.shape != self.shape:
            raise ValueError(f'ViewCache: views of shape {views.shape}, '
                             f'expected {self.shape}')
        os.makedirs(self.cache_dir, exist_ok=True)
        handle, tmp = tempfile.mkstemp(
            dir=self.cache_dir, prefix='.', suffix='.npz.tmp')
        try:
            with os.fdopen(handle, 'wb') as file:
                np.savez_compressed(file, views=views)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        return self.expand(views)

    @staticmethod
    def expand(views: np.ndarray) -> np.ndarray:
        """``(V, H, W)`` uint8 -> ``(V, H, W, 3)`` float32 in ``[0, 1]``."""
        gray = views.astype(np.float32) / 255.0
        return np.repeat(gray[..., None], 3, axis=-1)

    def fetch(self, render: Callable[..., np.ndarray],
              *arrays: np.ndarray) -> np.ndarray:
        """The cached views of ``arrays``, rendered and stored if absent.

        Args:
            render (Callable): ``render(*arrays)`` -> ``(V, H, W, 3)``.
            *arrays (np.ndarray): The renderer's inputs.

        Returns:
            np.ndarray: ``(V, H, W, 3)`` float32, as :meth:`read` gives
            them.
        """
        path = self.path(*arrays)
        if os.path.isfile(path):
            return self.read(path)
        return self.write(path, render(*arrays))
