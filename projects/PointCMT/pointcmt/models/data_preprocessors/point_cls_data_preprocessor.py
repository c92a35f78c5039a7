"""Batch packed point-classification samples on the model's device."""
from typing import Dict, Optional, Sequence

import torch
from mmengine.model import BaseDataPreprocessor
from torch import Tensor

from mmdet3d.registry import MODELS
from pointcmt.ops import render_point_views


@MODELS.register_module()
class PointClsDataPreprocessor(BaseDataPreprocessor):
    """Stack per-sample tensors into batches and normalise view images.

    Input (from ``pseudo_collate`` of :class:`PackPointClsInputs` outputs)::

        {'inputs': {'points': [(N, C)] * B,
                    'imgs': [(V, 3, H, W)] * B},         # optional
         'data_samples': [PointClsDataSample] * B}

    Output: the same keys with ``points`` ``(B, N, C)``, ``imgs``
    ``(B, V, 3, H, W)`` normalised as ``(img - mean) / std``, all on the
    model's device.

    Args:
        img_mean (Sequence[float], optional): Per-channel mean of images in
            [0, 1]; ``None`` leaves images unnormalised.
        img_std (Sequence[float], optional): Per-channel std.
        render_cfg (dict, optional): When set and a batch has no ``imgs``,
            render the views on the device from ``points`` with
            :func:`pointcmt.ops.render_point_views` (its keyword
            arguments), giving the same images as the ``RenderMultiView``
            transform.
    """

    def __init__(self,
                 img_mean: Optional[Sequence[float]] = None,
                 img_std: Optional[Sequence[float]] = None,
                 render_cfg: Optional[dict] = None) -> None:
        super().__init__()
        if (img_mean is None) != (img_std is None):
            raise ValueError('PointClsDataPreprocessor: give both img_mean '
                             'and img_std, or neither')
        self.normalize = img_mean is not None
        if self.normalize:
            self.register_buffer(
                'img_mean',
                torch.tensor(img_mean, dtype=torch.float32).view(3, 1, 1),
                persistent=False)
            self.register_buffer(
                'img_std',
                torch.tensor(img_std, dtype=torch.float32).view(3, 1, 1),
                persistent=False)
        self.render_cfg = render_cfg

    @staticmethod
    def _stack(key: str, values: Sequence[Tensor]) -> Tensor:
        shapes = {tuple(v.shape) for v in values}
        if len(shapes) != 1:
            raise ValueError(
                f'Cannot batch inputs["{key}"]: samples have different '
                f'shapes {sorted(shapes)}; use a fixed-size pipeline (e.g. '
                'SamplePoints(num_points=...)) so every sample matches')
        return torch.stack(list(values))

    def forward(self, data: dict, training: bool = False) -> dict:
        """Batch, move to device, normalise (and optionally render).

        Args:
            data (dict): Collated data (see class docstring).
            training (bool): Unused; kept for the mmengine interface.

        Returns:
            dict: ``inputs`` (dict of batched tensors) and ``data_samples``.
        """
        data = self.cast_data(data)
        raw_inputs: Dict = data['inputs']
        inputs = {
            key: value if isinstance(value, Tensor) else self._stack(
                key, value)
            for key, value in raw_inputs.items()
        }
        if 'imgs' not in inputs and self.render_cfg is not None:
            views = render_point_views(inputs['points'][..., :3],
                                       **self.render_cfg)
            inputs['imgs'] = views.permute(0, 1, 4, 2, 3).contiguous()
        if 'imgs' in inputs and self.normalize:
            inputs['imgs'] = (inputs['imgs'].float() -
                              self.img_mean) / self.img_std
        return dict(inputs=inputs, data_samples=data.get('data_samples'))


__all__ = ['PointClsDataPreprocessor']
