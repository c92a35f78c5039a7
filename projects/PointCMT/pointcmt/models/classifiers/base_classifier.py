"""The base of the classifiers: a shape feature, then a ``PointClsHead``."""
from abc import abstractmethod
from typing import Dict, List, Optional

from torch import Tensor

from pointcmt.structures import PointClsDataSample
from ..base_model import PointCMTBaseModel


class BaseClassifier(PointCMTBaseModel):
    """A model that extracts one feature per shape and classifies it with
    its ``head`` (a ``PointClsHead``), as the student ``PointClassifier``
    and the teacher ``MultiViewTeacher`` do.

    Subclasses build ``self.head`` and implement :meth:`extract_feat`. The
    head's last linear layer (:meth:`classify_feat`) is the model's
    classifier, which PointCMT also applies to the other modality's
    features; :meth:`loss_by_logits` and :attr:`classifier_weight` give the
    distiller what it needs of the head.

    Modes: ``loss`` -> ``dict(loss_cls)``; ``predict`` -> samples with
    ``pred_label``/``pred_score``; ``tensor`` -> logits
    ``(B, num_classes)``.
    """

    @property
    def feat_channels(self) -> int:
        """Width ``C`` of the feature returned by :meth:`extract_feat`."""
        return self.head.feat_channels

    @property
    def classifier_weight(self) -> Tensor:
        """Weights ``(num_classes, C)`` of the classifier."""
        return self.head.fc.weight

    @abstractmethod
    def extract_feat(self, inputs: Dict[str, Tensor]) -> Tensor:
        """Shape features ``(B, C)`` of a batch."""

    def classify_feat(self, feat: Tensor) -> Tensor:
        """Logits ``(B, num_classes)`` of features ``(B, C)`` (the head's
        last linear layer, the model's classifier)."""
        return self.head.fc(feat)

    def loss_by_logits(self, logits: Tensor,
                       data_samples: List[PointClsDataSample]
                       ) -> Dict[str, Tensor]:
        """The head's classification loss of logits ``(B, num_classes)``.

        Returns:
            dict: ``loss_cls`` (scalar).
        """
        return self.head.loss(logits, data_samples)

    def loss(self, inputs: Dict[str, Tensor],
             data_samples: List[PointClsDataSample]) -> Dict[str, Tensor]:
        """``dict(loss_cls)`` of a batch."""
        return self.loss_by_logits(self._forward(inputs), data_samples)

    def predict(
        self,
        inputs: Dict[str, Tensor],
        data_samples: Optional[List[PointClsDataSample]] = None
    ) -> List[PointClsDataSample]:
        """Samples with ``pred_label`` and ``pred_score``."""
        return self.head.predict(self._forward(inputs), data_samples)

    def _forward(
            self,
            inputs: Dict[str, Tensor],
            data_samples: Optional[List[PointClsDataSample]] = None
    ) -> Tensor:
        """Logits ``(B, num_classes)``."""
        return self.classify_feat(self.extract_feat(inputs))


__all__ = ['BaseClassifier']
