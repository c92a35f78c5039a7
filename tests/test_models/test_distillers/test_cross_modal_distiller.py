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
    model = build_distiller(adapter='linear')
    inputs, samples = batch
    losses = model(inputs, samples, mode='loss')
    assert loss_keys(losses) == {'loss_cls', 'loss_fe', 'loss_ce'}
    assert all(torch.isfinite(v) and v.dim() == 0 for v in losses.values())
    assert isinstance(model.adapter, torch.nn.Linear)
    assert model.adapter.weight.shape == (64, 64)

    student = model.student
    frozen = list(model.teacher.parameters()) + list(
        model.generator.parameters())
    losses['loss_fe'].backward(retain_graph=True)
    assert student.backbone.mlp[0].conv.weight.grad.abs().sum() > 0
    assert model.adapter.weight.grad.abs().sum() > 0
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

    # loss_fe compares CMPG(adapter(f_s)) with CMPG(f_t).
    with torch.no_grad():
        feat = model.adapter(student.extract_feat(inputs))
        ref_fe = model.loss_fe(
            model.generator(feat), model.generator(teacher_feat))
    torch.testing.assert_close(losses['loss_fe'], ref_fe)


def test_frozen_parts_stay_frozen(build_distiller, batch):
    model = build_distiller()
    assert model.adapter is None  # equal widths, 'auto'
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
        use_fe=False, use_ce=False, teacher=None, generator=None)
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
    only_fe = build_distiller(use_ce=False)
    assert loss_keys(only_fe(inputs, samples,
                             mode='loss')) == {'loss_cls', 'loss_fe'}
    only_ce = build_distiller(use_fe=False, generator=None)
    assert only_ce.generator is None
    assert loss_keys(only_ce(inputs, samples,
                             mode='loss')) == {'loss_cls', 'loss_ce'}


def test_cached_equals_online(build_distiller, batch):
    inputs, samples = batch
    online = build_distiller().eval()
    cached = build_distiller(
        teacher_feat_source='cached', teacher=None, teacher_ckpt=None).eval()
    assert cached.teacher is None
    cached.load_state_dict(online.state_dict())
    with torch.no_grad():
        feat = online.teacher.extract_feat(inputs)
        expected = online(inputs, samples, mode='loss')
        got = cached(
            dict(points=inputs['points'], teacher_feat=feat),
            samples,
            mode='loss')
    assert set(got) == set(expected)
    for key in expected:
        torch.testing.assert_close(got[key], expected[key])
    with pytest.raises(KeyError, match='LoadTeacherFeature'):
        cached(dict(points=inputs['points']), samples, mode='loss')
    with pytest.raises(ValueError, match=r'\(B, 64\)'):
        cached(
            dict(points=inputs['points'], teacher_feat=feat[:, :8]),
            samples,
            mode='loss')


def test_predict_and_tensor_use_the_student(build_distiller, batch):
    model = build_distiller().eval()
    inputs, samples = batch
    points_only = dict(points=inputs['points'])
    logits = model(points_only, mode='tensor')
    torch.testing.assert_close(logits,
                               model.student(points_only, mode='tensor'))
    preds = model(points_only, samples, mode='predict')
    assert [p.pred_label.item() for p in preds] == logits.argmax(1).tolist()


def test_adapter_and_width_errors(build_distiller):
    auto = build_distiller(width=48, use_ce=False).adapter
    assert isinstance(auto, torch.nn.Linear) and auto.weight.shape == (64, 48)
    with pytest.raises(ValueError, match=r'\(48\).*\(64\)'):
        build_distiller(width=48, adapter=None, use_ce=False)
    with pytest.raises(ValueError, match='loss_ce.*width 48.*64'):
        build_distiller(width=48)  # fc cannot take 64-d teacher features
    with pytest.raises(ValueError, match='adapter'):
        build_distiller(adapter='mlp')
    with pytest.raises(ValueError, match='teacher_feat_source'):
        build_distiller(teacher_feat_source='disk')


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
