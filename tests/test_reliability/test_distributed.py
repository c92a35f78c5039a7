"""Distributed training with 2 CPU processes (gloo) for Stage I and III.

``tools/dist_train.sh`` runs the stage configs on 2 CPU processes (CUDA
hidden, so a GPU machine runs the same test): checkpoints are written once,
an odd-sized validation set is counted sample by sample, every rank ends
with the same weights, and SyncBN on CPU fails with a clear message.
"""
import json
import os
import os.path as osp
import socket
import subprocess
import sys

import torch
from _helpers import REPO, cpu_env, fake_stage3_options, tiny_run_args
from _helpers.rank_state import rank_state_options

TEACHER = 'configs/teacher_mvcnn-resnet18_synthetic.py'
STUDENT = 'configs/pointcmt_pointnet2_synthetic.py'
NUM_VAL = 13  # 13 classes x 1 shape: odd, so the sampler pads one sample
PER_PROC_BATCH = 7


def _free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return str(sock.getsockname()[1])


def _run(args, check=True):
    env = cpu_env(PORT=_free_port())
    # the tools import the test hook of ``rank_state_options``
    env['PYTHONPATH'] = os.pathsep.join(
        filter(None, [osp.join(REPO, 'tests'), env.get('PYTHONPATH')]))
    proc = subprocess.run(args, cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=600)
    log = proc.stdout + proc.stderr
    if check:
        assert proc.returncode == 0, log[-4000:]
    return proc.returncode, log


def _tiny(batch):
    return tiny_run_args({
        'train_dataloader.dataset.num_samples_per_class': 2,
        'train_dataloader.batch_size': batch,
        'default_hooks.logger.interval': 1
    })


def _dist(config, work_dir, batch, *options, check=True):
    """2-process run of ``tools/dist_train.sh`` (gloo on CPU)."""
    return _run([
        'bash', 'tools/dist_train.sh', config, '2', '--work-dir',
        str(work_dir), '--cfg-options', *_tiny(batch), *options
    ], check)


def _single(config, work_dir, batch, *options):
    return _run([
        sys.executable, 'tools/train.py', config, '--work-dir',
        str(work_dir), '--cfg-options', *_tiny(batch), *options
    ])


def _check_rank_states(state_dir):
    """Both ranks start from rank 0's weights, train, and end with the same
    parameters; returns rank 0's and rank 1's final buffers."""
    states = {(rank, when): torch.load(state_dir / f'rank{rank}_{when}.pth',
                                       weights_only=True)
              for rank in (0, 1) for when in ('start', 'end')}
    for when in ('start', 'end'):
        params = [states[rank, when]['parameters'] for rank in (0, 1)]
        assert params[0].keys() == params[1].keys()
        for key, value in params[0].items():
            torch.testing.assert_close(params[1][key], value, rtol=0,
                                       atol=0, msg=f'{when} {key}')
    start, end = (states[0, when]['parameters'] for when in ('start', 'end'))
    assert any(not torch.equal(start[k], end[k]) for k in start), \
        'no parameter changed in training'
    return states[0, 'end']['buffers'], states[1, 'end']['buffers']


def _check_outputs(work_dir):
    """One set of files; the metric counted each val sample once."""
    names = sorted(p.name for p in work_dir.glob('*.pth'))
    assert names == ['best_overall_acc_epoch_1.pth', 'epoch_1.pth'], names
    runs = [p for p in work_dir.iterdir() if p.is_dir()]
    assert len(runs) == 1, runs  # one timestamped log folder
    assert len(list(runs[0].glob('*.log'))) == 1
    ckpt = torch.load(work_dir / 'epoch_1.pth', weights_only=True)
    assert not any(k.startswith('module.') for k in ckpt['state_dict'])
    report = json.loads((work_dir / 'confusion_matrix.json').read_text())
    assert report['num_samples'] == NUM_VAL
    assert sum(map(sum, report['confusion_matrix'])) == NUM_VAL
    return ckpt


def test_stage1_ddp_and_single_process(tmp_path):
    states = tmp_path / 'states'
    states.mkdir()
    _dist(TEACHER, tmp_path / 'ddp', PER_PROC_BATCH,
          *rank_state_options(str(states)))
    ckpt = _check_outputs(tmp_path / 'ddp')
    # 26 shapes / (2 ranks x 7), drop_last: 1 iteration per rank
    assert ckpt['meta']['iter'] == 1
    buffers_0, buffers_1 = _check_rank_states(states)
    # the checkpoint holds the ranks' common parameters
    params = torch.load(states / 'rank0_end.pth',
                        weights_only=True)['parameters']
    for key, value in params.items():
        torch.testing.assert_close(ckpt['state_dict'][key], value, rtol=0,
                                   atol=0, msg=key)
    # BatchNorm statistics are per process (broadcast_buffers=False): each
    # rank saw its own shard of the data
    running = [k for k in buffers_0 if k.endswith('running_mean')]
    assert running and any(
        not torch.equal(buffers_0[k], buffers_1[k]) for k in running)
    _single(TEACHER, tmp_path / 'one', 2 * PER_PROC_BATCH)
    single = _check_outputs(tmp_path / 'one')
    assert single['meta']['iter'] == ckpt['meta']['iter']


def test_stage3_ddp(tmp_path):
    _, _, options = fake_stage3_options(
        osp.join(REPO, STUDENT), tmp_path, num_samples_per_class=2)
    states = tmp_path / 'states'
    states.mkdir()
    _dist(STUDENT, tmp_path / 'ddp', PER_PROC_BATCH, *options,
          *rank_state_options(str(states)))
    ckpt = _check_outputs(tmp_path / 'ddp')
    assert all(k.startswith(('student.', 'adapter.'))
               for k in ckpt['state_dict'])
    _check_rank_states(states)


def test_sync_bn_torch_fails_clearly_on_cpu(tmp_path):
    """torch's SyncBatchNorm needs GPU modules: the tools say so first."""
    rc, log = _dist(TEACHER, tmp_path / 'run', PER_PROC_BATCH,
                    'sync_bn=torch', check=False)
    assert rc != 0
    assert '--sync_bn needs GPUs' in log, log[-4000:]
    assert not list((tmp_path / 'run').glob('*.pth'))
