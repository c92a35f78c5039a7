"""Pack a results dict into model inputs and a data sample."""
from typing import Sequence

import numpy as np
import torch
from mmcv.transforms import BaseTransform
from mmdet3d.registry import TRANSFORMS

from ...structures import PointClsDataSample
from .checks import get_points, sample_name

__all__ = ['PackPointClsInputs']


@TRANSFORMS.register_module()
class PackPointClsInputs(BaseTransform):
    """Pack one sample for :class:`PointClsDataPreprocessor`.

    Output (see ``docs/architecture.md``)::

        {'inputs': {'points': Tensor (N, C) float32,
                    'imgs': Tensor (V, 3, H, W) float32},  # if 'imgs'
         'data_samples': PointClsDataSample(gt_label (1,) long,
                                            metainfo from meta_keys)}

    Required Keys:
        - points (np.ndarray): ``(N, C)``.

    Optional Keys:
        - imgs (np.ndarray): ``(V, H, W, 3)`` in [0, 1].
        - gt_label (int)
        - sample_idx (int), pts_path (str): copied to the metainfo.

    Added Keys:
        - inputs (dict), data_samples (PointClsDataSample). The returned
          dict holds only these two keys.

    Args:
        meta_keys (Sequence[str]): Keys copied into the sample's metainfo
            when present. Defaults to ``('sample_idx', 'pts_path')``.
    """

    def __init__(self,
                 meta_keys: Sequence[str] = ('sample_idx', 'pts_path')):
        self.meta_keys = tuple(meta_keys)

    @staticmethod
    def _float_array(results: dict, key: str, ndim: int) -> np.ndarray:
        value = results[key]
        if not isinstance(value, np.ndarray) or value.ndim != ndim:
            raise ValueError(
                f'PackPointClsInputs: {key} of {sample_name(results)} must '
                f'be a {ndim}-D np.ndarray, got {type(value).__name__} '
                f'{getattr(value, "shape", "")}')
        if not np.isfinite(value).all():
            raise ValueError(f'PackPointClsInputs: {key} of '
                             f'{sample_name(results)} contains NaN/Inf')
        return value.astype(np.float32, copy=False)

    def transform(self, results: dict) -> dict:
        """Return ``dict(inputs=..., data_samples=...)``."""
        points = get_points(results, 'PackPointClsInputs')
        inputs = {
            'points':
            torch.from_numpy(np.ascontiguousarray(points, dtype=np.float32))
        }
        if 'imgs' in results:
            imgs = self._float_array(results, 'imgs', 4)
            if imgs.shape[-1] != 3:
                raise ValueError(
                    f'PackPointClsInputs: imgs of {sample_name(results)} '
                    f'must be (V, H, W, 3), got {imgs.shape}')
            inputs['imgs'] = torch.from_numpy(
                np.ascontiguousarray(imgs.transpose(0, 3, 1, 2)))
        data_sample = PointClsDataSample(metainfo={
            key: results[key]
            for key in self.meta_keys if key in results
        })
        if 'gt_label' in results:
            data_sample.set_gt_label(results['gt_label'])
        return {'inputs': inputs, 'data_samples': data_sample}

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(meta_keys={self.meta_keys})'
