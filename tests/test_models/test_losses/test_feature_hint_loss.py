import pytest
import torch

from pointcmt.models.losses import FeatureHintLoss


def test_value_is_the_weighted_mean_cosine_distance():
    loss = FeatureHintLoss(loss_weight=2.0)
    pred = torch.tensor([[1.0, 0.0], [0.0, 3.0]], requires_grad=True)
    target = torch.tensor([[5.0, 0.0], [1.0, 0.0]])
    # cos = 1 and 0 -> distances 0 and 1 -> mean 0.5, times 2.
    value = loss(pred, target)
    torch.testing.assert_close(value, torch.tensor(1.0))
    value.backward()
    assert pred.grad[1].abs().sum() > 0
    assert loss(pred, -target[:1].repeat(2, 1)) > value  # opposite: larger


def test_scale_free_and_target_detached():
    loss = FeatureHintLoss()
    pred = torch.randn(4, 8)
    target = torch.randn(4, 8, requires_grad=True)
    torch.testing.assert_close(loss(pred, target), loss(3 * pred, target))
    loss(pred.requires_grad_(), target).backward()
    assert target.grad is None


@pytest.mark.parametrize('pred, target, match', [
    (torch.zeros(2, 3), torch.zeros(2, 4), 'same shape'),
    (torch.zeros(3), torch.zeros(3), r'pred must be a non-empty \(B, C\)'),
    (torch.zeros(2, 3), 'feat', r'target must be a non-empty \(B, C\)'),
    (torch.zeros(0, 3), torch.zeros(0, 3), 'non-empty'),
])
def test_bad_inputs(pred, target, match):
    with pytest.raises(ValueError, match=match):
        FeatureHintLoss()(pred, target)
