"""The numba kernels' on-disk cache is reused by the next process."""
import glob
import os
import subprocess
import sys

CALL = ('import torch; from pointcmt.ops import point_ops_cpu as ops; '
        'x = torch.rand(2, 16, 3); ops.furthest_point_sample(x, 4); '
        'ops.furthest_point_sample_with_dist(torch.cdist(x, x), 4)')


def test_fps_kernel_cache_is_hit_by_a_new_process(tmp_path):
    """A kernel that took a jitted function as an argument got a new type
    in every process: its cache never hit, grew by an entry per process
    and could fail to pickle its index ('underlying object has vanished').
    """
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path))
    entries = []
    for _ in range(2):
        subprocess.run([sys.executable, '-c', CALL], env=env, check=True)
        entries.append(
            len(glob.glob(str(tmp_path / '**' / '*fps_kernel*.nbc'),
                          recursive=True)))
    assert entries[0] >= 1 and entries[1] == entries[0]
