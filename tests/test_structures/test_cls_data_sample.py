import numpy as np
import pytest
import torch

from pointcmt.structures import PointClsDataSample


def test_set_labels_and_scores():
    sample = PointClsDataSample(metainfo=dict(sample_idx=7))
    sample.set_gt_label(np.int64(3)).set_pred_label(torch.tensor(2))
    sample.set_pred_score(torch.tensor([0.1, 0.2, 0.7]))
    assert sample.gt_label.tolist() == [3]
    assert sample.gt_label.dtype == torch.long
    assert sample.pred_label.tolist() == [2]
    assert sample.to_dict()['sample_idx'] == 7
    assert set(sample.to_dict()) >= {'gt_label', 'pred_label', 'pred_score'}


@pytest.mark.parametrize('bad', [1.5, torch.tensor([1, 2]), 'a'])
def test_bad_labels_rejected(bad):
    with pytest.raises((TypeError, ValueError)):
        PointClsDataSample().set_gt_label(bad)


def test_pred_score_must_be_1d():
    with pytest.raises(ValueError, match='pred_score'):
        PointClsDataSample().set_pred_score(torch.rand(2, 3))
