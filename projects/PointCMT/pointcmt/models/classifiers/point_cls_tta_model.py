"""Voting test-time augmentation for point classifiers."""
from typing import List

import torch
from mmengine.model import BaseTTAModel

from mmdet3d.registry import MODELS
from pointcmt.structures import PointClsDataSample


@MODELS.register_module()
class PointClsTTAModel(BaseTTAModel):
    """Average the logits of several augmented copies of each shape.

    Used by ``tools/test.py --votes N`` (the voting test of PointNet++ and
    PointMLP). The wrapped model's samples carry softmax scores; averaging
    their logarithms equals averaging the logits up to a per-sample
    constant, which softmax removes, so the merged ``pred_score`` is
    ``softmax(mean_i logits_i)``. Scores are clamped at 1e-30 before the
    logarithm, which only matters for logit gaps above ~69.

    Args:
        module (dict): Config of the wrapped classifier (or distiller).
    """

    def merge_preds(
        self, data_samples_list: List[List[PointClsDataSample]]
    ) -> List[PointClsDataSample]:
        """Merge the predictions of each sample's augmented copies.

        Args:
            data_samples_list (list[list[PointClsDataSample]]): For each
                sample, its predictions under every augmentation.

        Returns:
            list[PointClsDataSample]: One merged prediction per sample.
        """
        merged = []
        for votes in data_samples_list:
            log_scores = torch.stack(
                [s.pred_score.clamp_min(1e-30).log() for s in votes])
            score = torch.softmax(log_scores.mean(0), dim=0)
            sample = votes[0].clone()
            sample.set_pred_score(score).set_pred_label(score.argmax())
            merged.append(sample)
        return merged


__all__ = ['PointClsTTAModel']
