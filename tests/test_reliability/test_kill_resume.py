"""SIGKILL a training run of each stage mid-way, resume it, check the result.

Each stage trains a tiny synthetic run (2 iterations per epoch, a
checkpoint every epoch, seeded and deterministic on the CPU), is killed once
the first epoch checkpoint exists, and is restarted with ``tools/train.py
--resume``. The resumed run must pick up the saved epoch, finish at
``max_epochs`` with the iteration count and lr of an uninterrupted run, and
(Stage III) keep the frozen CMPG out of the checkpoint while still using the
CMPG weights from its own file.

Its weights are compared with an uninterrupted run of the same seed. The
data order is restored (the sampler shuffles with seed + epoch), but
mmengine restores no random state: the resumed process re-seeds numpy's
and torch's global generators, which the point transforms (the loaders run
in the main process) and dropout draw from. Stage I depends on no such draw
(the teacher sees rendered meshes and has no dropout), so its resumed
weights equal the uninterrupted run's; the CMPG's dropout and Stage III's
random sampling, scaling and shuffling draw other numbers after the resume,
so there only the checkpoint the run was killed after equals the
uninterrupted run's.
"""
import os
import os.path as osp
import re
import signal
import subprocess
import sys
import time

import pytest
import torch
from _helpers import (REPO, cpu_env, fake_stage3_options, tiny_run_args,
                      write_teacher_ckpt)
from mmengine.config import Config
from mmengine.optim import CosineAnnealingLR
from mmengine.registry import init_default_scope
from mmengine.runner.checkpoint import load_state_dict

from mmdet3d.registry import MODELS

MAX_EPOCHS = 4
TINY = tiny_run_args({
    'train_dataloader.dataset.num_samples_per_class': 2,
    'default_hooks.logger.interval': 1,
    'default_hooks.checkpoint.interval': 1,
    'default_hooks.checkpoint.max_keep_ckpts': -1,
    'train_cfg.max_epochs': MAX_EPOCHS,
    'randomness.seed': 0,
    'randomness.deterministic': True
})
ITERS_PER_EPOCH = 2  # 13 classes x 2 shapes, batch 13, drop_last
TEACHER = 'configs/teacher_mvcnn-resnet18_synthetic.py'
CMPG = 'configs/cmpg_synthetic.py'
STUDENT = 'configs/pointcmt_pointnet2_synthetic.py'


def _cmd(config, work_dir, options, *extra):
    return [
        sys.executable, 'tools/train.py', config, '--work-dir',
        str(work_dir), *extra, '--cfg-options', *TINY, *options
    ]


def _train_killed(config, work_dir, options):
    """Start a run, SIGKILL it after the first epoch checkpoint.

    Returns:
        int: The epoch of the last complete checkpoint at the kill.
    """
    proc = subprocess.Popen(
        _cmd(config, work_dir, options), cwd=REPO, env=cpu_env(),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    last = work_dir / 'last_checkpoint'
    deadline = time.time() + 300
    try:
        while not last.exists() and proc.poll() is None:
            assert time.time() < deadline, 'no checkpoint after 300 s'
            time.sleep(0.02)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, \
        f'{config} ended on its own (rc={proc.returncode}) before the kill'
    epoch = int(re.search(r'epoch_(\d+)\.pth', last.read_text()).group(1))
    assert 1 <= epoch < MAX_EPOCHS
    return epoch


def _train(config, work_dir, options, *extra):
    """A run to its end; returns its log."""
    proc = subprocess.run(
        _cmd(config, work_dir, options, *extra), cwd=REPO, env=cpu_env(),
        capture_output=True, text=True, timeout=600)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-4000:]
    return log


def _assert_same_weights(work_dir, other_dir, epoch):
    """The ``epoch`` checkpoints of two runs hold the same weights."""
    weights, other = (
        torch.load(d / f'epoch_{epoch}.pth', weights_only=True)['state_dict']
        for d in (work_dir, other_dir))
    assert weights.keys() == other.keys()
    for key, value in other.items():
        torch.testing.assert_close(weights[key], value, msg=key)


def _uninterrupted_final_lr(config):
    """The lr of the last epoch of an uninterrupted run of ``config``."""
    cfg = Config.fromfile(osp.join(REPO, config))
    (sched, ) = cfg.param_scheduler
    assert sched.type == 'CosineAnnealingLR' and sched.by_epoch
    lr = cfg.optim_wrapper.optimizer.lr
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)
    scheduler = CosineAnnealingLR(
        optimizer, T_max=sched.T_max, eta_min=sched.eta_min, by_epoch=True,
        begin=sched.begin, end=sched.end)
    for _ in range(MAX_EPOCHS - 1):
        scheduler.step()
    return optimizer.param_groups[0]['lr']


def _kill_resume_and_check(config, work_dir, options=()):
    """Returns the final checkpoint and the epoch the run was killed after.
    """
    killed_at = _train_killed(config, work_dir, list(options))
    log = _train(config, work_dir, list(options), '--resume')
    assert f'resumed epoch: {killed_at}, ' \
        f'iter: {killed_at * ITERS_PER_EPOCH}' in log
    final = torch.load(
        work_dir / f'epoch_{MAX_EPOCHS}.pth', weights_only=True)
    assert not (work_dir / f'epoch_{MAX_EPOCHS + 1}.pth').exists()
    assert final['meta']['epoch'] == MAX_EPOCHS
    assert final['meta']['iter'] == MAX_EPOCHS * ITERS_PER_EPOCH
    lrs = final['message_hub']['log_scalars']['train/lr']
    # the history spans the killed and the resumed process without gaps
    assert len(lrs._log_history) == MAX_EPOCHS * ITERS_PER_EPOCH
    assert lrs.current() == pytest.approx(
        _uninterrupted_final_lr(config), rel=1e-9)
    return final, killed_at


def _teacher_ckpt(path):
    init_default_scope('mmdet3d')
    cfg = Config.fromfile(osp.join(REPO, CMPG))
    torch.manual_seed(0)
    return write_teacher_ckpt(cfg.model.teacher, str(path))


def test_stage1_teacher_kill_resume(tmp_path):
    _kill_resume_and_check(TEACHER, tmp_path / 'run')
    _train(TEACHER, tmp_path / 'once', [])
    _assert_same_weights(tmp_path / 'run', tmp_path / 'once', MAX_EPOCHS)


def test_stage2_cmpg_kill_resume(tmp_path):
    teacher = _teacher_ckpt(tmp_path / 'teacher.pth')
    options = [f'model.teacher_ckpt={teacher}']
    final, killed_at = _kill_resume_and_check(CMPG, tmp_path / 'run',
                                              options)
    # the frozen teacher is not saved with the generator
    assert not any(k.startswith('teacher') for k in final['state_dict'])
    # up to the kill, the run is the uninterrupted one (after it, dropout
    # draws other numbers: see the module docstring)
    _train(CMPG, tmp_path / 'once', options)
    _assert_same_weights(tmp_path / 'run', tmp_path / 'once', killed_at)


def test_stage3_distiller_kill_resume(tmp_path):
    cfg, cmpg, options = fake_stage3_options(
        osp.join(REPO, STUDENT), tmp_path, num_samples_per_class=2)
    # every term on (the config's FE and CE, plus KD), so that both frozen
    # modules (CMPG, teacher) take part
    terms = ['model.loss_kd.type=LogitKLLoss']
    final, killed_at = _kill_resume_and_check(STUDENT, tmp_path / 'run',
                                              options + terms)
    # up to the kill, the run is the uninterrupted one (after it, the
    # point transforms draw other numbers: see the module docstring)
    _train(STUDENT, tmp_path / 'once', options + terms)
    _assert_same_weights(tmp_path / 'run', tmp_path / 'once', killed_at)
    keys = list(final['state_dict'])
    assert any(k.startswith('student.') for k in keys)
    # the frozen CMPG and teacher are not saved with the student
    assert all(k.startswith(('student.', 'adapter.')) for k in keys), keys
    # Resuming loads this state dict into a distiller that reads the CMPG
    # and the teacher from their own files: the frozen weights are theirs.
    init_default_scope('mmdet3d')
    teacher = next(o.split('=', 1)[1] for o in options
                   if o.startswith('model.teacher_ckpt='))
    model = MODELS.build(
        dict(cfg.model, generator_ckpt=cmpg, teacher_ckpt=teacher,
             loss_kd=dict(type='LogitKLLoss')))
    load_state_dict(model, final['state_dict'], strict=False)
    for module, path in ((model.generator, cmpg), (model.teacher, teacher)):
        saved = torch.load(path, weights_only=True)['state_dict']
        current = module.state_dict()
        assert current.keys() == saved.keys()
        for key, value in saved.items():
            torch.testing.assert_close(current[key], value, rtol=0, atol=0)
    student = {k[len('student.'):]: v for k, v in final['state_dict'].items()
               if k.startswith('student.')}
    for key, value in model.student.state_dict().items():
        torch.testing.assert_close(value, student[key], rtol=0, atol=0)
