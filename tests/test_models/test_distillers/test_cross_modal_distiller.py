import pytest
import torch
import torch.nn.functional as F
from mmengine.optim import OptimWrapper

from mmdet3d.registry import MODELS


def loss_keys(losses):
    """The loss terms of a ``loss``-mode output (without ``health/*``)."""
    return {k for k in losses if k.startswith('loss')}


def params_of(module):
    return {k: v.detach().clone() for k, v in module.state_dict().items()}


def test_loss_terms_and_gradient_routing(build_distiller, batch):
    model = build_distiller()
    inputs, samples = batch
    losses = model(inputs, samples, mode='loss')
    assert loss_keys(losses) == {'loss_cls', 'loss_fe', 'loss_ce'}
    assert all(torch.isfinite(v) and v.dim() == 0 for v in losses.values())
    assert model.adapter is None  # equal widths

    student = model.student
    frozen = list(model.teacher.parameters()) + list(
        model.generator.parameters())
    losses['loss_fe'].backward(retain_graph=True)
    assert student.backbone.mlp[0].conv.weight.grad.abs().sum() > 0
    assert student.head.fc.weight.grad is None  # fe does not use fc
    assert all(p.grad is None for p in frozen)

    model.zero_grad()
    losses['loss_ce'].backward()
    assert student.backbone.mlp[0].conv.weight.grad.abs().sum() > 0
    assert all(p.grad is None for p in frozen)
    # Official semantics: 0.3 * KL(sum) with the target not detached, so
    # head.fc also gets the gradient of the teacher-feature side.
    fc_grad = student.head.fc.weight.grad.clone()
    model.zero_grad()
    with torch.no_grad():
        teacher_feat = model.teacher.extract_feat(inputs)
    logits = student.head.fc(student.extract_feat(inputs))
    target = F.softmax(student.head.fc(teacher_feat), dim=1)
    ref = 0.3 * F.kl_div(F.log_softmax(logits, 1), target, reduction='sum')
    ref.backward()
    torch.testing.assert_close(fc_grad, student.head.fc.weight.grad)
    torch.testing.assert_close(losses['loss_ce'], ref.detach())
    target_side = torch.autograd.grad(
        0.3 * F.kl_div(
            F.log_softmax(logits.detach(), 1),
            F.softmax(student.head.fc(teacher_feat), 1),
            reduction='sum'), student.head.fc.weight)[0]
    assert target_side.abs().sum() > 0

    # loss_fe compares CMPG(f_s) with CMPG(f_t).
    with torch.no_grad():
        feat = student.extract_feat(inputs)
        ref_fe = model.loss_fe(
            model.generator(feat), model.generator(teacher_feat))
    torch.testing.assert_close(losses['loss_fe'], ref_fe)


def test_frozen_parts_stay_frozen(build_distiller, batch):
    model = build_distiller()
    teacher_before = params_of(model.teacher)
    generator_before = params_of(model.generator)
    student_before = params_of(model.student)

    keys = list(model.state_dict())
    assert keys and all(k.startswith('student.') for k in keys)
    assert not any('teacher' in n or 'generator' in n
                   for n, _ in model.named_parameters())
    assert not any(p.requires_grad for p in model.teacher.parameters())

    model.train()
    assert model.student.training
    assert not any(m.training for m in model.teacher.modules())
    assert not any(m.training for m in model.generator.modules())

    inputs, samples = batch
    optim = OptimWrapper(torch.optim.Adam(model.parameters(), lr=0.1))
    log = model.train_step(dict(inputs=inputs, data_samples=samples), optim)
    assert {'loss', 'loss_cls', 'loss_fe', 'loss_ce'} <= set(log)
    model.init_weights()
    for before, module in ((teacher_before, model.teacher), (generator_before,
                                                             model.generator)):
        for key, value in module.state_dict().items():
            assert torch.equal(value, before[key]), key
    changed = [
        k for k, v in model.student.state_dict().items()
        if not torch.equal(v, student_before[k])
    ]
    assert changed

    # Device/dtype moves reach the unregistered frozen models.
    model.to(torch.float64)
    assert model.teacher.head.fc.weight.dtype == torch.float64
    assert model.generator.mlp[1].weight.dtype == torch.float64


def test_vanilla_is_the_same_code_path(build_distiller, batch, cfgs):
    model = build_distiller(
        loss_fe=None, loss_ce=None, teacher=None, generator=None)
    assert model.teacher is None and model.generator is None
    inputs, samples = batch
    points_only = dict(points=inputs['points'])
    losses = model(points_only, samples, mode='loss')
    assert set(losses) == {'loss_cls'}
    plain = MODELS.build(cfgs['student']())
    plain.load_state_dict({
        k[len('student.'):]: v
        for k, v in model.state_dict().items()
    })
    torch.testing.assert_close(
        losses['loss_cls'],
        plain(points_only, samples, mode='loss')['loss_cls'])


def test_single_terms(build_distiller, batch):
    inputs, samples = batch
    only_fe = build_distiller(loss_ce=None)
    assert loss_keys(only_fe(inputs, samples,
                             mode='loss')) == {'loss_cls', 'loss_fe'}
    only_ce = build_distiller(loss_fe=None, generator=None)
    assert only_ce.generator is None
    assert loss_keys(only_ce(inputs, samples,
                             mode='loss')) == {'loss_cls', 'loss_ce'}


def test_cached_equals_online(build_distiller, batch, feature_cache,
                              frozen_ckpts):
    inputs, samples = batch
    online = build_distiller().eval()
    cached = build_distiller(teacher_feats=feature_cache, teacher=None).eval()
    assert cached.teacher is None
    cached.load_state_dict(online.state_dict())
    with torch.no_grad():
        expected = online(inputs, samples, mode='loss')
        got = cached(dict(points=inputs['points']), samples, mode='loss')
    assert set(got) == set(expected)
    for key in expected:
        torch.testing.assert_close(got[key], expected[key])
    # A sample the cache does not hold, or another label: named errors.
    stranger = [s.clone() for s in samples]
    stranger[1].set_metainfo(dict(sample_idx=7))
    with pytest.raises(ValueError, match='sample_idx=7.*not in the cache'):
        cached(dict(points=inputs['points']), stranger, mode='loss')
    relabelled = [s.clone() for s in samples]
    relabelled[0].set_gt_label(1)
    with pytest.raises(ValueError, match='gt_label 1.*stores label 0'):
        cached(dict(points=inputs['points']), relabelled, mode='loss')
    # Features of another teacher checkpoint are refused.
    other = build_distiller(
        teacher_feats=feature_cache, teacher=None,
        teacher_ckpt=frozen_ckpts['generator'])
    with pytest.raises(ValueError, match='another teacher checkpoint'):
        other(dict(points=inputs['points']), samples, mode='loss')
    missing = build_distiller(teacher_feats='nope.pth', teacher=None)
    with pytest.raises(FileNotFoundError, match='nope.pth'):
        missing(dict(points=inputs['points']), samples, mode='loss')


def test_predict_and_tensor_use_the_student(build_distiller, batch):
    model = build_distiller().eval()
    inputs, samples = batch
    points_only = dict(points=inputs['points'])
    logits = model(points_only, mode='tensor')
    torch.testing.assert_close(logits,
                               model.student(points_only, mode='tensor'))
    preds = model(points_only, samples, mode='predict')
    assert [p.pred_label.item() for p in preds] == logits.argmax(1).tolist()


def test_adapter_and_width_errors(build_distiller, batch):
    """A student of another width reaches the CMPG through a learned
    ``Linear(C_s, C_t)`` (in the checkpoint); Classifier Enhancement cannot
    apply its classifier to teacher features of another width."""
    model = build_distiller(width=48, loss_ce=None)
    assert isinstance(model.adapter, torch.nn.Linear)
    assert model.adapter.weight.shape == (64, 48)
    assert 'adapter.weight' in model.state_dict()
    inputs, samples = batch
    losses = model(inputs, samples, mode='loss')
    losses['loss_fe'].backward()
    assert model.adapter.weight.grad.abs().sum() > 0
    with pytest.raises(ValueError, match='loss_ce.*width 48.*64'):
        build_distiller(width=48)  # fc cannot take 64-d teacher features
    with pytest.raises(ValueError, match='loss_fe needs a generator'):
        build_distiller(generator=None)


def test_checkpoint_errors(build_distiller, frozen_ckpts, tmp_path, cfgs):
    missing = str(tmp_path / 'nope.pth')
    with pytest.raises(FileNotFoundError, match='teacher_ckpt.*nope.pth'):
        build_distiller(teacher_ckpt=missing)
    with pytest.raises(ValueError, match='generator_ckpt is required'):
        build_distiller(generator_ckpt=None)
    # A CMPG of another width: shape mismatch naming file and key.
    torch.save(
        MODELS.build(dict(cfgs['generator'], in_channels=32)).state_dict(),
        str(tmp_path / 'cmpg32.pth'))
    with pytest.raises(
            ValueError,
            match=r'cmpg32.pth.*mlp.1.weight: checkpoint '
            r'\(96, 32\) vs model \(96, 64\)'):
        build_distiller(generator_ckpt=str(tmp_path / 'cmpg32.pth'))
    # The Stage II checkpoint is not a teacher: missing keys are named.
    with pytest.raises(
            ValueError,
            match='teacher_ckpt.*stage2.pth.*missing '
            'keys: backbone'):
        build_distiller(teacher_ckpt=frozen_ckpts['generator'])
    # A plain CMPG state dict (no prefix) is accepted.
    plain = str(tmp_path / 'cmpg.pth')
    torch.save(MODELS.build(cfgs['generator']).state_dict(), plain)
    assert build_distiller(generator_ckpt=plain).generator is not None
