import pytest
import torch

from mmdet3d.registry import MODELS
from pointcmt.models.losses import LogitKLLoss


def manual_kl(s, t, temp):
    """sum over batch of KL(q || p), q/p softmax of t/T and s/T, times T^2."""
    p = torch.softmax(s.double() / temp, 1)
    q = torch.softmax(t.double() / temp, 1)
    return temp**2 * (q * (q.log() - p.log())).sum(1)


@pytest.mark.parametrize('temp', [1.0, 2.5])
def test_matches_manual_formula(temp):
    g = torch.Generator().manual_seed(0)
    s, t = torch.randn(2, 4, 6, generator=g)
    per_sample = manual_kl(s, t, temp)
    loss = LogitKLLoss(temperature=temp, loss_weight=0.3)
    assert torch.allclose(loss(s, t).double(), 0.3 * per_sample.sum())
    none = LogitKLLoss(temperature=temp, reduction='none')(s, t)
    assert none.shape == (4, )
    assert torch.allclose(none.double(), per_sample)


def test_sum_grows_with_batch_batchmean_does_not():
    g = torch.Generator().manual_seed(1)
    s, t = torch.randn(2, 3, 5, generator=g)
    s2, t2 = torch.cat([s, s]), torch.cat([t, t])
    summed = MODELS.build(dict(type='LogitKLLoss'))
    assert torch.allclose(summed(s2, t2), 2 * summed(s, t))
    mean = LogitKLLoss(reduction='batchmean')
    assert torch.allclose(mean(s2, t2), mean(s, t))
    assert torch.allclose(mean(s, t), summed(s, t) / 3)


@pytest.mark.parametrize('detach', [False, True])
def test_detach_target(detach):
    g = torch.Generator().manual_seed(2)
    s, t = torch.randn(2, 3, 5, generator=g)
    s.requires_grad_(True)
    t.requires_grad_(True)
    LogitKLLoss(detach_target=detach)(s, t).backward()
    assert s.grad.abs().sum() > 0
    if detach:
        assert t.grad is None
    else:
        assert t.grad.abs().sum() > 0


def test_extreme_logits_finite():
    s = torch.tensor([[1e4, -1e4, 0.], [-3e4, 3e4, 1.]], requires_grad=True)
    t = torch.tensor([[-1e4, 1e4, 0.], [-3e4, 3e4, 1.]], requires_grad=True)
    loss = LogitKLLoss()(s, t)
    loss.backward()
    assert torch.isfinite(loss) and loss > 1e3
    assert torch.isfinite(s.grad).all() and torch.isfinite(t.grad).all()
    same = LogitKLLoss()(t, t.detach())
    assert same.item() == pytest.approx(0, abs=1e-6)


def degenerate_logits():
    s = torch.tensor([[2., -1., 0.5, 0.], [0., 3., -2., 1.]])
    return dict(
        identical=(s, s.clone()),
        collinear=(s, 2.5 * s),  # proportional logits, same argmax
        single_class=(s[:, :1], s[:, :1] + 7.),  # K = 1: both are 1.0
        single_sample=(s[:1], s[1:]))


@pytest.mark.parametrize('case', list(degenerate_logits()))
def test_degenerate_logits_finite(case):
    s, t = (x.clone().requires_grad_(True) for x in degenerate_logits()[case])
    loss = LogitKLLoss()(s, t)
    loss.backward()
    assert torch.isfinite(loss)
    assert torch.isfinite(s.grad).all() and torch.isfinite(t.grad).all()
    assert loss.item() == pytest.approx(
        manual_kl(s.detach(), t.detach(), 1.0).sum().item(), abs=1e-6)
    if case in ('identical', 'single_class'):
        assert loss.item() == pytest.approx(0, abs=1e-6)
        assert s.grad.abs().max() < 1e-6


def test_bad_inputs_and_args():
    with pytest.raises(ValueError, match='same shape'):
        LogitKLLoss()(torch.randn(2, 5), torch.randn(2, 4))
    with pytest.raises(ValueError, match='student_logits'):
        LogitKLLoss()(torch.randn(5), torch.randn(5))
    with pytest.raises(ValueError, match='target_logits'):
        LogitKLLoss()(torch.randn(2, 5), torch.randn(2, 0))
    with pytest.raises(ValueError, match='temperature'):
        LogitKLLoss(temperature=0)
    with pytest.raises(ValueError, match='reduction'):
        LogitKLLoss(reduction='mean')
