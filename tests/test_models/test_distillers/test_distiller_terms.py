"""Logit distillation, the health signals and the removed arguments."""
import re

import pytest
import torch
import torch.nn.functional as F
from conftest import KD

from pointcmt.models.distillers import HEALTH_PREFIX, REMOVED_ARGS


def loss_terms(losses):
    return {k: v for k, v in losses.items() if k.startswith('loss')}


def teacher_feat_of(model, inputs):
    with torch.no_grad():
        return model.teacher.extract_feat(inputs)


def test_logit_distillation_uses_the_teachers_classifier(
        build_distiller, batch):
    model = build_distiller(loss_fe=None, loss_ce=None, loss_kd=KD)
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
        build_distiller, batch, feature_cache):
    inputs, samples = batch
    cached = build_distiller(
        loss_fe=None, loss_ce=None, loss_kd=KD, teacher_feats=feature_cache)
    assert cached.teacher is not None  # built for its classifier only
    online = build_distiller(loss_fe=None, loss_ce=None, loss_kd=KD)
    torch.testing.assert_close(
        cached(dict(points=inputs['points']), samples,
               mode='loss')['loss_kd'],
        online(inputs, samples, mode='loss')['loss_kd'])
    with pytest.raises(ValueError, match='loss_kd.*teacher config'):
        build_distiller(
            loss_fe=None,
            loss_ce=None,
            loss_kd=KD,
            teacher=None,
            teacher_feats=feature_cache)


def test_health_signals(build_distiller, batch):
    model = build_distiller(loss_kd=KD)
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
    model = build_distiller(width=48, loss_ce=None)
    inputs, samples = batch
    losses = model(inputs, samples, mode='loss')
    assert HEALTH_PREFIX + 'grad_fe' in losses
    assert HEALTH_PREFIX + 'teacher_feat_acc' not in losses


@pytest.mark.parametrize('name', sorted(REMOVED_ARGS))
def test_removed_arguments_say_what_replaced_them(build_distiller, name):
    """A config of an earlier version (e.g. dumped into an old work dir)
    fails naming the argument and its replacement."""
    replacement = re.escape(REMOVED_ARGS[name])
    with pytest.raises(TypeError, match=f"'{name}' \\({replacement}\\)"):
        build_distiller(**{name: True})
