"""CPU-only runs where there are GPUs too."""
import os
import os.path as osp
import sys
from typing import Dict


def cpu_env(**extra: str) -> Dict[str, str]:
    """The environment of a CPU-only child process (a tool).

    CUDA is hidden, so the runner puts the model on the CPU and distributed
    runs use gloo; one torch thread; this interpreter's folder first on
    ``PATH`` (the launcher scripts call ``python``).

    Args:
        **extra (str): Further variables.

    Returns:
        dict[str, str]: ``os.environ`` with these settings.
    """
    env = dict(os.environ, CUDA_VISIBLE_DEVICES='', OMP_NUM_THREADS='1',
               **extra)
    env['PATH'] = osp.dirname(sys.executable) + os.pathsep + env['PATH']
    return env
