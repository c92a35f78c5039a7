"""A Stage III train step under mixed precision.

mmengine's ``AmpOptimWrapper`` asserts a GPU/NPU/MLU/MUSA at construction,
so on CPU the step runs inside the context its ``optim_context`` enters
(``mmengine.runner.amp.autocast``, bf16 on CPU) with a plain
``OptimWrapper``; the GPU test builds the real wrapper (fp16).
"""
import pytest
import torch
from mmengine.optim import OptimWrapper, build_optim_wrapper
from mmengine.runner.amp import autocast


def _check_log(log):
    assert {'loss', 'loss_cls', 'loss_fe', 'loss_ce'} <= set(log)
    for key, value in log.items():
        assert torch.isfinite(value), (key, value)


def test_distiller_train_step_under_cpu_bf16_autocast(build_distiller, batch):
    model = build_distiller()
    inputs, samples = batch
    seen = {}
    model.loss_fe.register_forward_hook(
        lambda m, args, out: seen.update(fe_in=args[0].dtype, fe=out.dtype))
    model.loss_ce.register_forward_hook(
        lambda m, args, out: seen.update(ce_in=args[0].dtype, ce=out.dtype))
    before = {k: v.clone() for k, v in model.student.state_dict().items()}
    optim = OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.01))
    with autocast(device_type='cpu', dtype=torch.bfloat16):
        log = model.train_step(
            dict(inputs=inputs, data_samples=samples), optim)
    _check_log(log)
    # the autocast layers gave bf16, the losses returned fp32
    assert seen == dict(
        fe_in=torch.bfloat16,
        fe=torch.float32,
        ce_in=torch.bfloat16,
        ce=torch.float32)
    for key, value in model.student.state_dict().items():
        assert torch.isfinite(value.float()).all(), key
    assert any(not torch.equal(v, before[k])
               for k, v in model.student.state_dict().items())


@pytest.mark.skipif(
    not torch.cuda.is_available(), reason='AmpOptimWrapper needs a GPU')
def test_distiller_train_step_with_amp_optim_wrapper(build_distiller, batch):
    model = build_distiller().cuda()
    inputs, samples = batch
    optim = build_optim_wrapper(
        model,
        dict(
            type='AmpOptimWrapper',
            dtype='float16',
            optimizer=dict(type='SGD', lr=0.01)))
    log = model.train_step(dict(inputs=inputs, data_samples=samples), optim)
    _check_log(log)
