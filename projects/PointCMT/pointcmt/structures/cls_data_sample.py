"""Data sample carrying the label and prediction of one shape."""
from typing import Union

import numpy as np
import torch
from mmengine.structures import BaseDataElement

LabelType = Union[int, np.integer, torch.Tensor, np.ndarray]


def _to_label_tensor(value: LabelType, field: str) -> torch.Tensor:
    """Convert an int / 0-d / 1-element array to a ``(1,)`` long tensor."""
    if isinstance(value, (int, np.integer)):
        return torch.tensor([int(value)], dtype=torch.long)
    tensor = torch.as_tensor(value)
    if tensor.numel() != 1 or tensor.is_floating_point():
        raise TypeError(f'{field} must be a single integer class index, '
                        f'got {type(value).__name__} with shape '
                        f'{tuple(tensor.shape)} and dtype {tensor.dtype}')
    return tensor.reshape(1).long()


class PointClsDataSample(BaseDataElement):
    """Label and prediction of one point-cloud classification sample.

    Data fields:
        - ``gt_label`` (Tensor): ``(1,)`` long, the ground-truth class.
        - ``pred_label`` (Tensor): ``(1,)`` long, the predicted class.
        - ``pred_score`` (Tensor): ``(num_classes,)`` float, class
          probabilities (softmax of the logits).

    Meta fields (set by the packing transform): ``sample_idx`` and, when the
    sample came from a file, ``pts_path``.

    Use the ``set_*`` methods: they validate and convert the values (as in
    mmpretrain's ``DataSample``).
    """

    def set_gt_label(self, value: LabelType) -> 'PointClsDataSample':
        """Set ``gt_label`` from an int or a one-element tensor/array."""
        self.set_field(_to_label_tensor(value, 'gt_label'), 'gt_label',
                       dtype=torch.Tensor)
        return self

    def set_pred_label(self, value: LabelType) -> 'PointClsDataSample':
        """Set ``pred_label`` from an int or a one-element tensor/array."""
        self.set_field(_to_label_tensor(value, 'pred_label'), 'pred_label',
                       dtype=torch.Tensor)
        return self

    def set_pred_score(self, value: torch.Tensor) -> 'PointClsDataSample':
        """Set ``pred_score``: a ``(num_classes,)`` probability vector."""
        score = torch.as_tensor(value)
        if score.ndim != 1:
            raise ValueError('pred_score must be 1-D (num_classes,), got '
                             f'shape {tuple(score.shape)}')
        self.set_field(score, 'pred_score', dtype=torch.Tensor)
        return self
