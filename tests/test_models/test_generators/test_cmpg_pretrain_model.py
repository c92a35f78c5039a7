import pytest
import torch
from _helpers import tiny_teacher_cfg
from mmengine.optim import OptimWrapper

import pointcmt  # noqa: F401
from mmdet3d.registry import METRICS, MODELS
from pointcmt.evaluation.metrics.generator_emd_metric import \
    GeneratorEMDMetric  # noqa: F401  (registers it)
from pointcmt.models import save_teacher_feature_cache
from pointcmt.structures import PointClsDataSample

TEACHER = tiny_teacher_cfg(num_classes=2)
GENERATOR = dict(type='CMPG', in_channels=64, num_points=16)


@pytest.fixture(scope='module')
def teacher_ckpt(tmp_path_factory):
    path = str(tmp_path_factory.mktemp('stage2') / 'teacher.pth')
    torch.manual_seed(1)
    torch.save(dict(state_dict=MODELS.build(TEACHER).state_dict()), path)
    return path


def build(**kwargs):
    cfg = dict(type='CMPGPretrainModel', generator=GENERATOR)
    cfg.update(kwargs)
    torch.manual_seed(0)
    return MODELS.build(cfg)


def batch(num_points=16):
    gen = torch.Generator().manual_seed(0)
    inputs = dict(
        points=torch.rand(2, num_points, 3, generator=gen),
        imgs=torch.rand(2, 2, 3, 16, 16, generator=gen))
    return inputs, [PointClsDataSample().set_gt_label(i) for i in (0, 1)]


def test_online_training_step_freezes_teacher(teacher_ckpt):
    model = build(teacher=TEACHER, teacher_ckpt=teacher_ckpt)
    assert list(model.state_dict()) == ['generator.mlp.1.weight']
    teacher_before = {
        k: v.clone()
        for k, v in model.teacher.state_dict().items()
    }
    model.train()
    assert model.generator.training and not model.teacher.training
    inputs, samples = batch(num_points=20)  # trimmed to the first 16
    optim = OptimWrapper(torch.optim.Adam(model.parameters(), lr=0.01))
    before = model.generator.mlp[1].weight.clone()
    log = model.train_step(dict(inputs=inputs, data_samples=samples), optim)
    assert set(log) == {'loss', 'loss_emd'}
    assert not torch.equal(before, model.generator.mlp[1].weight)
    for key, value in model.teacher.state_dict().items():
        assert torch.equal(value, teacher_before[key]), key
    assert all(p.grad is None for p in model.teacher.parameters())


def test_loss_value_and_predict_metric(teacher_ckpt):
    model = build(teacher=TEACHER, teacher_ckpt=teacher_ckpt).eval()
    inputs, samples = batch()
    with torch.no_grad():
        feat = model.teacher.extract_feat(inputs)
        points = model.generator(feat)
        loss = model(inputs, samples, mode='loss')['loss_emd']
        ref = MODELS.build(
            dict(type='EMDLoss', solver='exact',
                 reduction='none'))(points, inputs['points'])
    torch.testing.assert_close(loss, 30.0 * ref.mean())
    torch.testing.assert_close(model(inputs, mode='tensor'), points)

    preds = model(inputs, samples, mode='predict')
    for pred, value, pts in zip(preds, ref, points):
        torch.testing.assert_close(pred.pred_emd, value)
        torch.testing.assert_close(pred.pred_points, pts)
    metric = METRICS.build(dict(type='GeneratorEMDMetric'))
    metric.process({}, [p.to_dict() for p in preds])
    result = metric.compute_metrics(metric.results)
    assert result['emd'] == pytest.approx(ref.mean().item(), rel=1e-6)
    with pytest.raises(KeyError, match='pred_emd'):
        metric.process({}, [dict(gt_label=0)])


def test_cached_features_match_online(teacher_ckpt, tmp_path):
    online = build(teacher=TEACHER, teacher_ckpt=teacher_ckpt).eval()
    inputs, samples = batch()
    for i, sample in enumerate(samples):
        sample.set_metainfo(dict(sample_idx=i))
    with torch.no_grad():
        feat = online.teacher.extract_feat(inputs)
    feats = str(tmp_path / 'feats.pth')
    save_teacher_feature_cache(feats, feat, torch.arange(len(samples)),
                               torch.full((len(samples), ), -1), None, {})
    cached = build(teacher_feats=feats).eval()
    assert cached.teacher is None
    cached.load_state_dict(online.state_dict())
    with torch.no_grad():
        expected = online(inputs, samples, mode='loss')['loss_emd']
        got = cached(
            dict(points=inputs['points']), samples, mode='loss')['loss_emd']
    torch.testing.assert_close(got, expected)


def test_errors(teacher_ckpt, tmp_path):
    with pytest.raises(ValueError, match='teacher config'):
        build()
    with pytest.raises(ValueError, match='teacher_ckpt is required'):
        build(teacher=TEACHER)
    with pytest.raises(ValueError, match='64-d .*32-d'):
        build(
            teacher=TEACHER,
            teacher_ckpt=teacher_ckpt,
            generator=dict(GENERATOR, in_channels=32))
    model = build(teacher=TEACHER, teacher_ckpt=teacher_ckpt)
    inputs, samples = batch(num_points=8)
    with pytest.raises(ValueError, match=r'N >= 16'):
        model(inputs, samples, mode='loss')
