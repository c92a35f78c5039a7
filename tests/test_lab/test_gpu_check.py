"""The GPU check (pointcmt_lab.gpu_check, tools/check_gpu.py) on the CPU:
the CPU path of the tool, the GPU checks' code with the CPU standing in
for CUDA on tiny sizes, and the mmcv subset build's sources against the
mmcv sdist of build/gpu_bundle (skipped when it is absent)."""
import glob
import os
import os.path as osp
import re
import subprocess
import sys
import tarfile
import time

import pytest
import torch
from _helpers import REPO
from mmengine.config import Config

import pointcmt.ops
from pointcmt_lab.gpu_check import (NEEDS_GPU, mmcv_subset, op_parity, plan,
                                    render_parity, run_checks, training)
from pointcmt_lab.gpu_check.report import row_or_error, run_check

GPU_CHECKS = ('point_ops_parity', 'feature_knn_parity', 'renderer_parity',
              'full_scale_stages', 'nccl_2_ranks')
CPU_CHECKS = ('emd_solvers_vs_exact', 'classifier_train_steps')


def _summary(report: str) -> dict:
    """``{check: (status, note)}`` from the report's summary table."""
    rows = re.findall(r'^\| (\w+) \| (\w+) \| [\d.]+ \| (.*) \|$', report,
                      re.M)
    return {name: (status, note) for name, status, note in rows}


def test_cpu_run_exits_0_with_gpu_checks_skipped(tmp_path):
    out = tmp_path / 'gpu_check.md'
    env = dict(os.environ, CUDA_VISIBLE_DEVICES='')  # pin the CPU
    proc = subprocess.run(
        [sys.executable, 'tools/check_gpu.py', '--tiny', '--out',
         str(out)], cwd=REPO, env=env, capture_output=True, text=True,
        timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = out.read_text()
    summary = _summary(report)
    assert set(summary) == set(GPU_CHECKS + CPU_CHECKS)
    for name in GPU_CHECKS:
        assert summary[name] == ('skipped', NEEDS_GPU)
    for name in CPU_CHECKS:
        assert summary[name][0] == 'pass', report
    # the CPU checks' numbers: the auction's excess over exact, seconds
    # per train step of each classifier
    emd = report.split('## emd_solvers_vs_exact')[1].split('##')[0]
    assert re.search(r'\| 2 \| 32 \| cpu \| auction \| [\d.e-]+ \|', emd)
    steps = report.split('## classifier_train_steps')[1].split('##')[0]
    for model in training.CLASSIFIER_CONFIGS:
        assert re.search(rf'\| {model} \| cpu \| False \| 2 \| [\d.]+ \| '
                         r'True \|', steps), steps


def test_plan_follows_the_machine():
    names = [c.name for c in plan(False, 0, True, REPO)]
    assert set(names) == set(GPU_CHECKS + CPU_CHECKS)
    on_gpu = {c.name: c for c in plan(True, 1, False, REPO)}
    assert on_gpu['nccl_2_ranks'].reason == 'skipped: 1 GPU'
    assert all(c.fn is not None for n, c in on_gpu.items()
               if n != 'nccl_2_ranks')
    assert plan(True, 2, False, REPO)[-1].fn is not None


def test_run_check_statuses_and_budget():
    def boom():
        raise ValueError('bad input')

    def slow():
        time.sleep(5)

    assert run_check('a', lambda: (True, [], ''), 5).status == 'pass'
    assert run_check('a', lambda: (False, [], ''), 5).status == 'fail'
    assert run_check('a', lambda: (None, [], 'n/a'), 5).status == 'skipped'
    error = run_check('a', boom, 5)
    assert error.status == 'error' and 'ValueError: bad input' in error.note
    assert row_or_error(boom, case=1) == dict(
        case=1, error='ValueError: bad input', passed=False)
    assert row_or_error(lambda: dict(passed=True), case=1) == dict(
        case=1, passed=True)
    timeout = run_check('a', slow, 1)
    assert timeout.status == 'error' and '1 s limit' in timeout.note
    checks = plan(False, 0, True, REPO)
    results = run_checks(checks, budget_s=5)
    assert [r.status for r in results if r.name in CPU_CHECKS] == [
        'skipped', 'skipped'
    ] and 'budget' in results[3].note


@pytest.fixture
def tiny_sizes(monkeypatch):
    monkeypatch.setattr(op_parity, 'SIZES', dict(
        batch=2, num_points=128, num_centers=32, sample_num=8, k=4,
        radius=0.3, channels=8))
    monkeypatch.setattr(render_parity, 'SIZES', dict(
        batch=2, num_points=64, views='ring12', image_size=16,
        torus=(6, 6)))


def test_parity_code_with_cpu_standing_in(tiny_sizes):
    """Same device on both sides: every op and both renderers agree
    exactly, fp32 and fp16, forward and backward."""
    passed, rows, _ = op_parity.check_point_ops('cpu')
    assert passed
    assert {(r['op'], r['dtype']) for r in rows} == {
        (op, dtype) for op in op_parity.OUTPUTS
        for dtype in ('float32', 'float16')
    }
    assert all(r['value'] == (1.0 if r['metric'] == 'index_agreement' else
                              0.0) for r in rows)
    assert {r['part'] for r in rows if r['op'] == 'three_interpolate'} == {
        'forward', 'backward'
    }
    passed, rows, _ = render_parity.check_renderers('cpu')
    assert passed and [r['max_abs_diff'] for r in rows] == [0.0, 0.0]


def test_feature_knn_check(tiny_sizes, monkeypatch):
    if hasattr(pointcmt.ops, 'feature_knn'):
        passed, rows, _ = op_parity.check_feature_knn('cpu')
        assert passed and rows[0]['cuda_vs_cpu'] == 1.0
    monkeypatch.delattr(pointcmt.ops, 'feature_knn', raising=False)
    passed, rows, note = op_parity.check_feature_knn('cpu')
    assert passed is None and 'skipped: not available' in note
    # the mmcv path (the CPU port on CPU) is exact on all channels
    assert rows[-1]['cuda_vs_exact'] == 1.0


def test_stage_models_from_configs(tmp_path):
    """What the full-scale stages build: random frozen checkpoints, the
    paper's FE and CE (no KD) on random cached features in Stage III, 20
    views of 224 px rendered for Stage I."""
    models = {}
    for name, path in training.STAGE_CONFIGS.items():
        cfg = Config.fromfile(osp.join(REPO, path))
        models[name] = training._stage_model(name, cfg, str(tmp_path), 4)
    render = models['stage1_teacher']['data_preprocessor']['render_cfg']
    assert {k: render[k] for k in training.TEACHER_VIEWS} == \
        training.TEACHER_VIEWS
    assert torch.load(models['stage2_cmpg']['teacher_ckpt'])['state_dict']
    distiller = models['stage3_distiller']
    assert osp.isfile(distiller['generator_ckpt'])
    assert distiller['loss_fe']['loss_weight'] == 30
    assert distiller['loss_ce']['reduction'] == 'sum'
    assert distiller['loss_kd'] is None
    feats = torch.load(distiller['teacher_feats'])['features']
    assert feats.shape == (4, distiller['generator']['in_channels'])


SDISTS = glob.glob(osp.join(REPO, 'build', 'gpu_bundle', 'mmcv-*.tar.gz'))


@pytest.mark.skipif(not SDISTS, reason='no build/gpu_bundle/mmcv-*.tar.gz '
                    '(bash tools/gpu_check_bundle.sh)')
def test_subset_sources_match_the_sdist():
    with tarfile.open(SDISTS[0]) as tar:
        top = tar.getnames()[0].split('/')[0]
        files = {n[len(top) + 1:]: n for n in tar.getnames()}

        def read(path):
            return tar.extractfile(files[path]).read().decode()

        for path in (*mmcv_subset.CPP_SOURCES, *mmcv_subset.CUDA_SOURCES):
            assert path in files, path
        for folder in mmcv_subset.INCLUDE_DIRS:
            assert any(f.startswith(folder + '/') for f in files), folder
        # the names mmcv/ops/<op>.py load from _ext are the bound ones
        requested = set()
        for op in mmcv_subset.OPS:
            text = read(f'mmcv/ops/{op}.py')
            call = re.search(r"load_ext\(\s*'_ext',\s*\[(.*?)\]", text, re.S)
            requested |= set(re.findall(r"'(\w+)'", call.group(1)))
        assert requested == set(mmcv_subset.BOUND_FUNCTIONS)
        # our two files are lines of mmcv's pybind.cpp / cudabind.cpp
        here = osp.dirname(mmcv_subset.__file__)
        for ours, theirs in (
            (mmcv_subset.PYBIND_SOURCE, 'mmcv/ops/csrc/pytorch/pybind.cpp'),
            (mmcv_subset.CUDABIND_SOURCE,
             'mmcv/ops/csrc/pytorch/cuda/cudabind.cpp')):
            mmcv_lines = set(read(theirs).splitlines())
            with open(osp.join(here, ours)) as f:
                lines = [ln for ln in f.read().splitlines()
                         if ln and not ln.startswith('//')]
            assert all(ln in mmcv_lines for ln in lines), ours
        with open(osp.join(here, mmcv_subset.PYBIND_SOURCE)) as f:
            bound = re.findall(r'm\.def\("(\w+)"', f.read())
        assert sorted(bound) == sorted(mmcv_subset.BOUND_FUNCTIONS)
        # every registered CUDA impl is dispatched by a C++ source and
        # every launcher it calls is defined in a CUDA source
        with open(osp.join(here, mmcv_subset.CUDABIND_SOURCE)) as f:
            cudabind = f.read()
        cpp = ''.join(read(p) for p in mmcv_subset.CPP_SOURCES)
        cu = ''.join(read(p) for p in mmcv_subset.CUDA_SOURCES)
        for impl in re.findall(r'REGISTER_DEVICE_IMPL\((\w+),', cudabind):
            assert f'DISPATCH_DEVICE_IMPL({impl},' in cpp, impl
        for launcher in set(re.findall(r'\b(\w+CUDAKernelLauncher)\(',
                                       cudabind)):
            assert re.search(rf'void {launcher}\(', cu), launcher


def test_thc_fallback_points_at_a_torch_header(tmp_path):
    from torch.utils.cpp_extension import include_paths
    folders = mmcv_subset.thc_fallback(str(tmp_path))
    if folders:  # torch lacks THC/THCAtomics.cuh: the shim stands in
        shim = osp.join(folders[0], 'THC', 'THCAtomics.cuh')
        with open(shim) as f:
            header = re.search(r'#include <(.+)>', f.read()).group(1)
        assert any(osp.isfile(osp.join(p, header)) for p in include_paths())
