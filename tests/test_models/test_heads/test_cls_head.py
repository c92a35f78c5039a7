import pytest
import torch
import torch.nn.functional as F

from mmdet3d.registry import MODELS
from pointcmt.structures import PointClsDataSample


def _head(**kw):
    cfg = dict(type='PointClsHead', num_classes=4, in_channels=8,
               hidden_channels=(6, ), dropout=0.0)
    cfg.update(kw)
    return MODELS.build(cfg)


def test_shapes_and_feature():
    head = _head().eval()
    x = torch.rand(3, 8)
    feat = head.pre_logits(x)
    assert feat.shape == (3, 6) and head.feat_channels == 6
    torch.testing.assert_close(head(x), head.fc(feat))


def test_label_smoothing_loss_matches_torch():
    head = _head(label_smoothing=0.2, loss_weight=2.0)
    logits = torch.randn(4, 4)
    samples = [PointClsDataSample().set_gt_label(i) for i in (0, 1, 2, 3)]
    loss = head.loss(logits, samples)['loss_cls']
    expected = 2.0 * F.cross_entropy(
        logits, torch.arange(4), label_smoothing=0.2)
    torch.testing.assert_close(loss, expected)


def test_predict_fills_samples():
    head = _head()
    logits = torch.tensor([[0., 3., 1., 0.], [5., 0., 0., 0.]])
    out = head.predict(logits)
    assert [s.pred_label.item() for s in out] == [1, 0]
    torch.testing.assert_close(out[0].pred_score.sum(), torch.tensor(1.))


def test_bad_inputs():
    head = _head()
    with pytest.raises(ValueError, match='out of range'):
        head.loss(torch.randn(1, 4), [PointClsDataSample().set_gt_label(9)])
    with pytest.raises(ValueError, match=r'\(B, 8\)'):
        head.pre_logits(torch.rand(2, 5))
    with pytest.raises(ValueError, match='num_classes'):
        _head(num_classes=1)


def test_no_dropout_on_the_distilled_feature():
    """Dropout sits between hidden layers only: the feature that PointCMT
    distils (``pre_logits``) is never dropped, as in the official student."""
    torch.manual_seed(0)
    one = _head(dropout=0.9).train()
    assert not any(isinstance(m, torch.nn.Dropout) for m in one.modules())
    two = _head(hidden_channels=(6, 4), dropout=0.9).train()
    kinds = [type(m).__name__ for m in two.mlp]
    assert kinds.count('Dropout') == 1
    assert kinds.index('Dropout') == 3  # after the first ReLU
    assert kinds[-1] == 'ReLU'
    x = torch.randn(16, 8)
    torch.testing.assert_close(one.pre_logits(x), one.pre_logits(x))
