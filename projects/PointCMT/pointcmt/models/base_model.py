"""The base of PointCMT's models: default data preprocessor, mode dispatch.
"""
from abc import abstractmethod
from typing import Dict, List, Optional, Union

from mmengine.model import BaseModel
from torch import Tensor

from mmdet3d.registry import MODELS
from pointcmt.structures import PointClsDataSample

ForwardResults = Union[Dict[str, Tensor], List[PointClsDataSample], Tensor]


class PointCMTBaseModel(BaseModel):
    """Base of the models a runner trains (classifier, teacher, Stage II,
    Stage III), modelled on mmdet's ``BaseDetector``.

    It builds the data preprocessor (``PointClsDataPreprocessor`` by
    default, from mmdet3d's registry so that no default scope is needed)
    and dispatches :meth:`forward` to :meth:`loss`, :meth:`predict` or
    :meth:`_forward`, which subclasses implement.

    Args:
        data_preprocessor (dict, optional): Defaults to
            ``dict(type='PointClsDataPreprocessor')``.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        if data_preprocessor is None:
            data_preprocessor = dict(type='PointClsDataPreprocessor')
        if isinstance(data_preprocessor, dict):
            data_preprocessor = MODELS.build(data_preprocessor)
        super().__init__(
            data_preprocessor=data_preprocessor, init_cfg=init_cfg)

    def forward(self,
                inputs: Dict[str, Tensor],
                data_samples: Optional[List[PointClsDataSample]] = None,
                mode: str = 'tensor') -> ForwardResults:
        """Run in ``'loss'``, ``'predict'`` or ``'tensor'`` mode.

        Args:
            inputs (dict): Batched inputs (``points`` ``(B, N, C)``,
                ``imgs`` ``(B, V, 3, H, W)`` as the model needs).
            data_samples (list[PointClsDataSample], optional): Labels.
            mode (str): ``'loss'`` -> :meth:`loss` (a dict of losses),
                ``'predict'`` -> :meth:`predict` (filled samples),
                ``'tensor'`` -> :meth:`_forward` (a tensor).

        Returns:
            dict | list | Tensor: As selected by ``mode``.
        """
        if mode == 'loss':
            return self.loss(inputs, data_samples)
        if mode == 'predict':
            return self.predict(inputs, data_samples)
        if mode == 'tensor':
            return self._forward(inputs, data_samples)
        raise RuntimeError(f'Invalid mode "{mode}": expected loss, predict '
                           'or tensor')

    @abstractmethod
    def loss(self, inputs: Dict[str, Tensor],
             data_samples: List[PointClsDataSample]) -> Dict[str, Tensor]:
        """Losses of a batch (``'loss'`` mode)."""

    @abstractmethod
    def predict(
        self,
        inputs: Dict[str, Tensor],
        data_samples: Optional[List[PointClsDataSample]] = None
    ) -> List[PointClsDataSample]:
        """Predictions of a batch, one sample each (``'predict'`` mode)."""

    @abstractmethod
    def _forward(
            self,
            inputs: Dict[str, Tensor],
            data_samples: Optional[List[PointClsDataSample]] = None
    ) -> Tensor:
        """The network's raw output (``'tensor'`` mode)."""


__all__ = ['ForwardResults', 'PointCMTBaseModel']
