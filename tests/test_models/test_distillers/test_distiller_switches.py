"""The switches beyond the reference terms and the health signals."""
import pytest
import torch
import torch.nn.functional as F
from mmengine.logging import MessageHub

from pointcmt.models.distillers import HEALTH_PREFIX


def loss_terms(losses):
    return {k: v for k, v in losses.items() if k.startswith('loss')}


def teacher_feat_of(model, inputs):
    with torch.no_grad():
        return model.teacher.extract_feat(inputs)


def test_logit_distillation_uses_the_teachers_classifier(
        build_distiller, batch):
    model = build_distiller(use_fe=False, use_ce=False, use_kd=True)
    inputs, samples = batch
    losses = model(inputs, samples, mode='loss')
    assert set(loss_terms(losses)) == {'loss_cls', 'loss_kd'}
    feat = teacher_feat_of(model, inputs)
    logits = model.student.classify_feat(model.student.extract_feat(inputs))
    teacher_logits = model.teacher.classify_feat(feat)
    expected = 16 * F.kl_div(
        F.log_softmax(logits / 4, 1),
        F.softmax(teacher_logits / 4, 1),
        reduction='batchmean')
    torch.testing.assert_close(losses['loss_kd'], expected)
    # The target is the frozen teacher: no gradient into the classifier
    # through it, only through the student logits.
    assert not teacher_logits.requires_grad


def test_logit_distillation_with_cached_features_needs_the_teacher(
        build_distiller, batch):
    inputs, samples = batch
    cached = build_distiller(
        use_fe=False, use_ce=False, use_kd=True, teacher_feat_source='cached')
    assert cached.teacher is not None  # built for its classifier only
    feat = teacher_feat_of(cached, inputs)
    losses = cached(
        dict(points=inputs['points'], teacher_feat=feat), samples, mode='loss')
    assert 'loss_kd' in losses


@pytest.mark.parametrize('switch', ['use_kd', 'use_hint'])
def test_teacher_terms_with_cached_features_need_the_teacher(
        build_distiller, switch):
    with pytest.raises(ValueError, match=f'{switch}.*teacher config'):
        build_distiller(
            use_fe=False,
            use_ce=False,
            teacher=None,
            teacher_feat_source='cached',
            **{switch: True})


def test_teacher_cls_term_fits_the_student_classifier(build_distiller, batch):
    model = build_distiller(
        use_fe=False, use_ce=False, teacher_cls_weight=0.5)
    inputs, samples = batch
    losses = model(inputs, samples, mode='loss')
    feat = teacher_feat_of(model, inputs)
    labels = torch.cat([s.gt_label for s in samples])
    expected = 0.5 * F.cross_entropy(
        model.student.classify_feat(feat), labels)
    torch.testing.assert_close(losses['loss_cls_teacher'], expected)
    grad, = torch.autograd.grad(losses['loss_cls_teacher'],
                                model.student.head.fc.weight)
    assert grad.abs().sum() > 0
    with pytest.raises(ValueError, match='teacher_cls_weight'):
        build_distiller(teacher_cls_weight=-1.0)


def test_warmup_scales_every_cross_modal_term(build_distiller, batch):
    inputs, samples = batch
    full = build_distiller(use_kd=True, teacher_cls_weight=1.0)
    warm = build_distiller(
        use_kd=True, teacher_cls_weight=1.0, warmup_iters=10)
    hub = MessageHub.get_current_instance()
    hub.update_info('iter', 1)  # second iteration: factor 2 / 10
    ref = full(inputs, samples, mode='loss')
    got = warm(inputs, samples, mode='loss')
    torch.testing.assert_close(got['loss_cls'], ref['loss_cls'])
    for key in ('loss_fe', 'loss_ce', 'loss_kd', 'loss_cls_teacher'):
        torch.testing.assert_close(got[key], 0.2 * ref[key])
    hub.update_info('iter', 50)
    got = warm(inputs, samples, mode='loss')
    torch.testing.assert_close(got['loss_ce'], ref['loss_ce'])
    hub.update_info('iter', 0)
    with pytest.raises(ValueError, match='warmup_iters'):
        build_distiller(warmup_iters=-1)


def test_teacher_feat_norm_matches_the_student_norm(build_distiller, batch):
    inputs, samples = batch
    model = build_distiller(teacher_feat_norm='match_student')
    losses = model(inputs, samples, mode='loss')
    student_norm = model.student.extract_feat(inputs).norm(dim=1).mean()
    torch.testing.assert_close(losses[HEALTH_PREFIX + 'teacher_feat_norm'],
                               student_norm.detach())
    plain = build_distiller()
    plain_losses = plain(inputs, samples, mode='loss')
    # The CMPG is linear and the EMD box-normalised: FE ignores the scale.
    torch.testing.assert_close(losses['loss_fe'], plain_losses['loss_fe'])
    assert not torch.allclose(losses['loss_ce'], plain_losses['loss_ce'])
    with pytest.raises(ValueError, match='teacher_feat_norm'):
        build_distiller(teacher_feat_norm='l2')


def test_health_signals(build_distiller, batch):
    model = build_distiller(use_kd=True)
    inputs, samples = batch
    losses = model(inputs, samples, mode='loss')
    health = {
        k[len(HEALTH_PREFIX):]: v
        for k, v in losses.items() if k.startswith(HEALTH_PREFIX)
    }
    assert set(health) == {
        'teacher_feat_acc', 'fc_weight_norm', 'student_entropy',
        'target_entropy', 'kd_target_entropy', 'student_feat_norm',
        'teacher_feat_norm', 'grad_cls', 'grad_fe', 'grad_ce', 'grad_kd'
    }
    assert all(not v.requires_grad and v.dim() == 0 for v in health.values())
    # No health key is summed into the total loss.
    assert not any('loss' in k for k in losses if k.startswith(HEALTH_PREFIX))

    student_feat = model.student.extract_feat(inputs)
    logits = model.student.classify_feat(student_feat)
    feat = teacher_feat_of(model, inputs)
    target = model.student.classify_feat(feat)
    labels = torch.cat([s.gt_label for s in samples])
    torch.testing.assert_close(
        health['teacher_feat_acc'],
        (target.argmax(1) == labels).float().mean() * 100)
    torch.testing.assert_close(health['fc_weight_norm'],
                               model.student.head.fc.weight.norm().detach())
    p = F.softmax(logits, 1)
    torch.testing.assert_close(health['student_entropy'],
                               -(p * p.log()).sum(1).mean().detach())
    torch.testing.assert_close(health['teacher_feat_norm'],
                               feat.norm(dim=1).mean())
    # The gradient each term sends into the student feature.
    ce = 0.3 * F.kl_div(
        F.log_softmax(logits, 1), F.softmax(target, 1), reduction='sum')
    grad, = torch.autograd.grad(ce, student_feat)
    torch.testing.assert_close(health['grad_ce'], grad.norm())
    assert health['grad_fe'] > 0 and health['grad_cls'] > 0

    # Off, and in eval mode, no health keys.
    quiet = build_distiller(health_signals=False)
    assert not any(
        k.startswith(HEALTH_PREFIX)
        for k in quiet(inputs, samples, mode='loss'))
    model.eval()
    assert not any(
        k.startswith(HEALTH_PREFIX)
        for k in model(inputs, samples, mode='loss'))


def test_health_signals_with_an_adapter(build_distiller, batch):
    """Widths differ (FE only, adapter): no classifier-on-teacher signals."""
    model = build_distiller(width=48, use_ce=False)
    inputs, samples = batch
    losses = model(inputs, samples, mode='loss')
    assert HEALTH_PREFIX + 'grad_fe' in losses
    assert HEALTH_PREFIX + 'teacher_feat_acc' not in losses


def test_feature_hint_regresses_the_teacher_feature(build_distiller, batch):
    model = build_distiller(
        use_fe=False, use_ce=False, use_hint=True, adapter='linear')
    inputs, samples = batch
    losses = model(inputs, samples, mode='loss')
    assert set(loss_terms(losses)) == {'loss_cls', 'loss_hint'}
    feat = teacher_feat_of(model, inputs)
    adapted = model.adapter(model.student.extract_feat(inputs))
    expected = (1 - F.cosine_similarity(adapted, feat, dim=1)).mean()
    torch.testing.assert_close(losses['loss_hint'], expected)
    # The adapter learns (it is in the checkpoint), the teacher does not.
    losses['loss_hint'].backward()
    assert model.adapter.weight.grad.abs().sum() > 0
    assert 'adapter.weight' in model.state_dict()
    assert losses[f'{HEALTH_PREFIX}grad_hint'] > 0
