import pytest
import torch
from mmengine.optim import build_optim_wrapper

from mmdet3d.registry import MODELS

TINY = dict(
    type='PointClassifier',
    backbone=dict(type='PointNetBackbone', channels=(16, 32)),
    neck=dict(type='GlobalPoolNeck'),
    head=dict(type='PointClsHead', num_classes=5, in_channels=32,
              hidden_channels=(24, ), dropout=0.0))


def test_modes(batch):
    model = MODELS.build(TINY)
    data = model.data_preprocessor(batch, True)
    losses = model(**data, mode='loss')
    assert set(losses) == {'loss_cls'} and losses['loss_cls'] > 0
    logits = model(**data, mode='tensor')
    assert logits.shape == (4, 5)
    model.eval()
    preds = model(**data, mode='predict')
    assert len(preds) == 4 and preds[0].pred_score.shape == (5, )
    feat = model.extract_feat(data['inputs'])
    assert feat.shape == (4, model.feat_channels) == (4, 24)
    torch.testing.assert_close(model.head.fc(feat), model(**data))
    with pytest.raises(RuntimeError, match='Invalid mode'):
        model(**data, mode='foo')


def test_what_the_distiller_uses(batch):
    """The classifier's interface for the distiller matches the head."""
    model = MODELS.build(TINY)
    data = model.data_preprocessor(batch, True)
    feat = model.extract_feat(data['inputs'])
    logits = model.classify_feat(feat)
    assert model.classifier_weight is model.head.fc.weight
    assert model.classifier_weight.shape == (5, model.feat_channels)
    torch.testing.assert_close(
        model.loss_by_logits(logits, data['data_samples']),
        model.head.loss(logits, data['data_samples']))


def test_train_step_learns(batch):
    torch.manual_seed(0)
    model = MODELS.build(TINY)
    optim = build_optim_wrapper(
        model, dict(optimizer=dict(type='Adam', lr=1e-2)))
    first = model.train_step(batch, optim)['loss_cls'].item()
    for _ in range(30):
        last = model.train_step(batch, optim)['loss_cls'].item()
    assert last < first * 0.5


@pytest.mark.parametrize('backbone,neck,in_channels', [
    (dict(type='PointNet2SASSG', in_channels=3, num_points=(16, 8),
          radius=(0.4, 0.8), num_samples=(8, 8),
          sa_channels=((8, 16), (16, 32)), fp_channels=()),
     dict(type='GlobalPoolNeck', in_channels=32, mlp_channels=(32, ),
          use_xyz=True), 32),
    (dict(type='DGCNNBackbone', in_channels=3, num_samples=(8, 8),
          knn_modes=('D-KNN', 'F-KNN'), radius=(None, None),
          gf_channels=((8, ), (8, )), fa_channels=(16, )),
     dict(type='GlobalPoolNeck', pool='max_avg'), 2 * (16 + 16)),
])
def test_mmdet3d_backbones_on_cpu(batch, backbone, neck, in_channels):
    cfg = dict(TINY, backbone=backbone, neck=neck,
               head=dict(TINY['head'], in_channels=in_channels))
    model = MODELS.build(cfg)
    data = model.data_preprocessor(batch, True)
    loss = model(**data, mode='loss')['loss_cls']
    loss.backward()
    assert torch.isfinite(loss)


def test_missing_points_key():
    model = MODELS.build(TINY)
    with pytest.raises(KeyError, match='points'):
        model.extract_feat(dict(imgs=torch.rand(1)))
