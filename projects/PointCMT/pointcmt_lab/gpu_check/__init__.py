"""One prepared GPU check of the project: parity of the CUDA point ops and
renderers with the CPU port, the EMD solvers against exact, classifier
train steps with and without AMP, a few iterations of each full-scale
stage and a 2-rank NCCL run; one markdown report with pass/fail and
numbers per check. Without CUDA it runs the CPU checks (EMD solvers
against exact, a CPU train step) and lists the others as 'needs a GPU'.

The device machine has no mmcv, mmengine or mmdet3d and no network, so
the run carries them. Here (needs pip and a package registry)::

    bash tools/gpu_check_bundle.sh      # -> build/gpu_bundle/ (~9 MB)

then the device tool's ``run`` with ``carry=['build/gpu_bundle']``,
``timeout_s=600`` and the command::

    bash tools/check_gpu_device.sh

which installs the wheels (``pip install --no-index --no-deps --target``),
copies mmcv's Python package out of its sdist, compiles the point ops the
backbones use into ``mmcv._ext`` (:mod:`.mmcv_subset`) and runs
``python tools/check_gpu.py --out $OUT/gpu_check.md``. On any machine::

    python tools/check_gpu.py --out docs/gpu_check.md
"""
from .checks import NEEDS_GPU, Check, environment, plan, run_checks
from .report import CheckResult, render_markdown

__all__ = [
    'Check', 'CheckResult', 'environment', 'NEEDS_GPU', 'plan',
    'render_markdown', 'run_checks'
]
