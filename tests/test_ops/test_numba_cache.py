"""The numba kernels' on-disk cache is reused by the next process."""
import glob
import os
import subprocess
import sys

import pytest

CALLS = dict(
    fps_kernel=('import torch; from pointcmt.ops import point_ops_cpu as ops; '
                'x = torch.rand(2, 16, 3); ops.furthest_point_sample(x, 4); '
                'ops.furthest_point_sample_with_dist(torch.cdist(x, x), 4)'),
    auction_kernel=('import torch; from pointcmt.ops import emd_match; '
                    'x = torch.rand(3, 16, 3); '
                    "emd_match(x, torch.rand(3, 16, 3), 'auction_cpu')"))


@pytest.mark.parametrize('kernel', list(CALLS))
def test_kernel_cache_is_hit_by_a_new_process(tmp_path, kernel):
    """A kernel that took a jitted function as an argument got a new type
    in every process: its cache never hit, grew by an entry per process
    and could fail to pickle its index ('underlying object has vanished').
    The EMD auction (run in a thread pool) gets one entry too.
    """
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path))
    entries = []
    for _ in range(2):
        subprocess.run([sys.executable, '-c', CALLS[kernel]],
                       env=env,
                       check=True)
        entries.append(
            len(glob.glob(str(tmp_path / '**' / f'*{kernel}*.nbc'),
                          recursive=True)))
    assert entries[0] >= 1 and entries[1] == entries[0]
