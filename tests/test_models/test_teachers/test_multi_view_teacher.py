import pytest
import torch
from _helpers import tiny_teacher_cfg

import pointcmt  # noqa: F401
from mmdet3d.registry import MODELS
from pointcmt.structures import PointClsDataSample


def tiny_teacher(**kwargs):
    return MODELS.build(tiny_teacher_cfg(num_classes=3, **kwargs))


def samples(labels):
    return [PointClsDataSample().set_gt_label(label) for label in labels]


@pytest.mark.parametrize('view_pool', ['max', 'mean'])
def test_extract_feat_pools_views(view_pool):
    torch.manual_seed(0)
    teacher = tiny_teacher(view_pool=view_pool).eval()
    imgs = torch.rand(2, 3, 3, 16, 16)
    feat = teacher.extract_feat(dict(imgs=imgs))
    assert feat.shape == (2, 64)
    # Reference: each view alone through the backbone, then pool.
    per_view = torch.stack(
        [teacher.backbone(imgs[:, v])[-1].mean(dim=(2, 3)) for v in range(3)],
        1)
    expected = per_view.amax(1) if view_pool == 'max' else per_view.mean(1)
    torch.testing.assert_close(feat, expected, rtol=1e-5, atol=1e-6)


def test_modes_and_loss_backward():
    torch.manual_seed(0)
    teacher = tiny_teacher(label_smoothing=0.1)
    inputs = dict(imgs=torch.rand(2, 2, 3, 16, 16))
    logits = teacher(inputs, mode='tensor')
    assert logits.shape == (2, 3)
    losses = teacher(inputs, samples([0, 2]), mode='loss')
    assert set(losses) == {'loss_cls'}
    losses['loss_cls'].backward()
    assert teacher.backbone.conv1.weight.grad.abs().sum() > 0
    assert teacher.head.fc.weight.grad.abs().sum() > 0
    teacher.eval()
    preds = teacher(inputs, samples([0, 2]), mode='predict')
    assert len(preds) == 2
    for pred, row in zip(preds, teacher(inputs, mode='tensor')):
        assert pred.pred_label.item() == row.argmax().item()
        torch.testing.assert_close(pred.pred_score, row.softmax(0))


def test_train_step_with_preprocessor():
    torch.manual_seed(0)
    teacher = tiny_teacher(
        data_preprocessor=dict(
            type='PointClsDataPreprocessor',
            img_mean=[0.5] * 3,
            img_std=[0.25] * 3))
    optim = torch.optim.SGD(teacher.parameters(), lr=0.1)
    from mmengine.optim import OptimWrapper
    data = dict(
        inputs=dict(
            points=[torch.rand(8, 3)] * 2,
            imgs=[torch.rand(2, 3, 16, 16)] * 2),
        data_samples=samples([1, 0]))
    before = teacher.head.fc.weight.clone()
    log = teacher.train_step(data, OptimWrapper(optim))
    assert torch.isfinite(log['loss'])
    assert not torch.equal(before, teacher.head.fc.weight)


def test_bad_inputs():
    teacher = tiny_teacher()
    with pytest.raises(KeyError, match='imgs'):
        teacher.extract_feat(dict(points=torch.rand(2, 8, 3)))
    with pytest.raises(ValueError, match=r'\(B, V, 3, H, W\)'):
        teacher.extract_feat(dict(imgs=torch.rand(2, 3, 16, 16)))
    with pytest.raises(ValueError, match='feat_channels'):
        tiny_teacher(feat_channels=512).extract_feat(
            dict(imgs=torch.rand(1, 2, 3, 16, 16)))
    with pytest.raises(ValueError, match='view_pool'):
        tiny_teacher(view_pool='sum')
