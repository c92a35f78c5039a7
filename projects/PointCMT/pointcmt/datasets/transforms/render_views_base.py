"""What the view-rendering transforms share: the renderer's options, checked
at construction, and a batch of one per sample."""
from abc import abstractmethod
from typing import Any, Callable, Tuple

import numpy as np
import torch
from mmcv.transforms import BaseTransform
from torch import Tensor

__all__ = ['RenderViewsTransform']


class RenderViewsTransform(BaseTransform):
    """Base of the transforms that render one sample into ``imgs``.

    A subclass names its batched renderer (``renderer``, a staticmethod
    taking ``(B, ...)`` tensors and the render options, returning
    ``(B, V, H, W, 3)``) and a tiny valid input for it (:meth:`probe`), and
    calls :meth:`render` from its ``transform``. Per-sample and batched
    (on-device) rendering therefore give identical images, and the
    options' defaults and documentation live in one place: the renderer.

    Args:
        **render_options: Keyword arguments of ``renderer`` (views, image
            size, mode, ...); checked at construction by rendering
            :meth:`probe`, so a bad option fails before the first sample.
    """

    renderer: Callable[..., Tensor]
    #: Attributes besides the render options that ``repr`` shows.
    repr_attrs: Tuple[str, ...] = ()

    def __init__(self, **render_options: Any) -> None:
        self.render_options = render_options
        self.renderer(*self.probe(), **render_options)

    @abstractmethod
    def probe(self) -> Tuple[Tensor, ...]:
        """A batch of one tiny valid renderer input."""

    def render(self, *arrays: np.ndarray) -> np.ndarray:
        """Views of one sample.

        Args:
            *arrays (np.ndarray): The renderer's inputs for one sample,
                unbatched, in the dtypes it takes.

        Returns:
            np.ndarray: ``(V, H, W, 3)`` float32 in ``[0, 1]``.
        """
        batch = [torch.from_numpy(np.ascontiguousarray(a))[None]
                 for a in arrays]
        return self.renderer(*batch, **self.render_options)[0].numpy()

    def __repr__(self) -> str:
        shown = dict(self.render_options,
                     **{k: getattr(self, k) for k in self.repr_attrs})
        args = ', '.join(f'{k}={v!r}' for k, v in shown.items())
        return f'{type(self).__name__}({args})'
