"""The point-set and KL losses compute in float32 under AMP autocast."""
import pytest
import torch
from torch import nn

from pointcmt.models.losses import (ChamferLoss, EMDLoss, LogitKLLoss,
                                    fp32_forward)


def _inputs(name):
    """Two fp32 inputs of the loss ``name`` (points or logits)."""
    g = torch.Generator().manual_seed(0)
    if name == 'kl':
        return torch.randn(2, 3, 5, generator=g) * 4
    return torch.rand(2, 2, 16, 3, generator=g) * 2 - 1


LOSSES = dict(
    emd=lambda: EMDLoss(loss_weight=30.),
    chamfer=lambda: ChamferLoss(),
    kl=lambda: LogitKLLoss(loss_weight=0.3))


@pytest.mark.parametrize('name', list(LOSSES))
def test_bf16_autocast_gives_fp32_loss_and_gradient(name):
    loss_fn = LOSSES[name]()
    pred32, target32 = _inputs(name)
    # Under AmpOptimWrapper the loss inputs come out of autocast layers in
    # half precision: make them bf16 outputs of an identity linear layer.
    layer = nn.Linear(pred32.shape[-1], pred32.shape[-1], bias=False)
    nn.init.eye_(layer.weight)
    pred_leaf = pred32.clone().requires_grad_(True)
    with torch.autocast('cpu', dtype=torch.bfloat16):
        pred = layer(pred_leaf)
        target = layer(target32)
        assert pred.dtype == target.dtype == torch.bfloat16
        loss = loss_fn(pred, target)
    assert loss.dtype == torch.float32 and torch.isfinite(loss)
    # the body ran in fp32: equal to fp32 on the same (bf16-rounded) inputs
    exact = loss_fn(pred.detach().float(), target.detach().float())
    torch.testing.assert_close(loss.detach(), exact, rtol=1e-6, atol=1e-6)
    # and close to the all-fp32 loss (bf16 keeps ~3 significant digits)
    torch.testing.assert_close(
        loss.detach(), loss_fn(pred32, target32), rtol=3e-2, atol=1e-2)
    loss.backward()
    assert torch.isfinite(pred_leaf.grad).all()
    assert pred_leaf.grad.abs().sum() > 0
    assert torch.isfinite(layer.weight.grad).all()


def test_fp16_inputs_do_not_overflow():
    """Squared distances of ~300 exceed fp16's max (65504) if kept in fp16.
    """
    g = torch.Generator().manual_seed(1)
    pred32, target32 = torch.rand(2, 1, 8, 3, generator=g) * 300
    pred32[..., 0] += 300
    pred = pred32.half().requires_grad_(True)
    target = target32.half()
    assert torch.isinf(((pred - target)**2).sum(-1)).any()
    loss_fn = ChamferLoss(normalize=None)
    loss = loss_fn(pred, target)
    assert loss.dtype == torch.float32 and torch.isfinite(loss)
    torch.testing.assert_close(loss.detach(),
                               loss_fn(pred.detach().float(), target.float()))
    loss.backward()
    assert pred.grad.dtype == torch.float16
    assert torch.isfinite(pred.grad).all()


def test_fp32_forward_disables_autocast_and_keeps_other_dtypes():
    seen = {}

    class Probe(nn.Module):

        @fp32_forward
        def forward(self, x, y, scale=1.0, other=None):
            seen.update(
                autocast=torch.is_autocast_enabled('cpu'),
                dtypes=(x.dtype, y.dtype, other.dtype),
                mm=(x @ x.T).dtype)
            return scale * x.sum()

    x = torch.ones(2, 2, dtype=torch.bfloat16)
    y = torch.ones(2, dtype=torch.float64)
    with torch.autocast('cpu', dtype=torch.bfloat16):
        out = Probe()(x, y, scale=2.0, other=torch.ones(1).half())
    assert seen == dict(
        autocast=False,
        dtypes=(torch.float32, torch.float64, torch.float32),
        mm=torch.float32)
    assert out.dtype == torch.float32 and out.item() == 8.0
