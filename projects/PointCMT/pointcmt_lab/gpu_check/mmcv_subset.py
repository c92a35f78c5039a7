"""mmcv 2.1.0 for a machine without it: its Python package from the sdist
and only the point ops the backbones use, compiled into ``mmcv._ext``.

mmcv loads its ops with ``ext_loader.load_ext('_ext', names)``, which
imports ``mmcv._ext`` and asserts every name is there; ``mmcv.ops``
imports every op module, so every name any of them asks for must exist.
The build therefore makes ``mmcv/_ext_subset*.so`` from mmcv's own sources
(:data:`CPP_SOURCES`, :data:`CUDA_SOURCES`) plus two files of ours in
``csrc/`` (the pybind entries and CUDA registrations of those ops, copied
from mmcv's ``pybind.cpp`` and ``cudabind.cpp``), and writes ``mmcv/_ext.py``,
which re-exports it and answers any other name with a function that raises
``NotImplementedError`` naming the op.

Run as a script (it imports only the standard library and torch, not the
package, so it runs before mmcv exists)::

    python projects/PointCMT/pointcmt_lab/gpu_check/mmcv_subset.py \\
        --sdist build/gpu_bundle/mmcv-2.1.0.tar.gz --site /tmp/site [--cpu]

``--cpu`` compiles the C++ part without CUDA (no kernels are registered:
a check that the sources and bindings compile).
"""
import argparse
import os
import os.path as osp
import shutil
import tarfile
import time
from typing import List

#: The ops, named as mmcv's source files.
OPS = ('ball_query', 'furthest_point_sample', 'gather_points', 'group_points',
       'knn', 'three_interpolate', 'three_nn')
CPP_SOURCES = tuple(f'mmcv/ops/csrc/pytorch/{op}.cpp' for op in OPS)
CUDA_SOURCES = tuple(f'mmcv/ops/csrc/pytorch/cuda/{op}_cuda.cu' for op in OPS)
INCLUDE_DIRS = ('mmcv/ops/csrc/common', 'mmcv/ops/csrc/common/cuda')
#: Ours, beside this file.
PYBIND_SOURCE = 'csrc/subset_pybind.cpp'
CUDABIND_SOURCE = 'csrc/subset_cudabind.cpp'
#: The functions ``mmcv/ops/<op>.py`` asks ``_ext`` for.
BOUND_FUNCTIONS = (
    'ball_query_forward', 'stack_ball_query_forward',
    'furthest_point_sampling_forward',
    'furthest_point_sampling_with_dist_forward', 'gather_points_forward',
    'gather_points_backward', 'group_points_forward', 'group_points_backward',
    'stack_group_points_forward', 'stack_group_points_backward',
    'knn_forward', 'three_interpolate_forward', 'three_interpolate_backward',
    'three_nn_forward')
EXT_NAME = '_ext_subset'
EXT_SHIM = '''"""mmcv._ext of the GPU check: the point ops of {name}; any other
op raises NotImplementedError (written by pointcmt_lab/gpu_check/
mmcv_subset.py)."""
from .{name} import *  # noqa: F401,F403


def __getattr__(name):
    def missing(*args, **kwargs):
        raise NotImplementedError(
            f'mmcv._ext.{{name}} is not built: the GPU check compiles only '
            'the point ops of pointcmt_lab/gpu_check/mmcv_subset.py')
    return missing
'''


def extract_sdist(sdist: str, dest: str) -> str:
    """Unpack the sdist into ``dest``; returns its top folder."""
    with tarfile.open(sdist) as tar:
        top = tar.getnames()[0].split('/')[0]
        tar.extractall(dest, filter='data')
    return osp.join(dest, top)


def thc_fallback(build_dir: str) -> List[str]:
    """Include folders for ``<THC/THCAtomics.cuh>``, which mmcv 2.1's
    ``pytorch_cuda_helper.hpp`` includes: none when torch ships it (a shim
    of ``<ATen/cuda/Atomic.cuh>``), else a folder with that shim."""
    from torch.utils.cpp_extension import include_paths
    if any(osp.isfile(osp.join(p, 'THC', 'THCAtomics.cuh'))
           for p in include_paths()):
        return []
    folder = osp.join(build_dir, 'thc_fallback')
    os.makedirs(osp.join(folder, 'THC'), exist_ok=True)
    with open(osp.join(folder, 'THC', 'THCAtomics.cuh'), 'w') as f:
        f.write('#pragma once\n#include <ATen/cuda/Atomic.cuh>\n')
    return [folder]


def build(src: str, site: str, cuda: bool, build_dir: str) -> str:
    """Copy ``<src>/mmcv`` into ``site``, compile the subset there and
    write the ``_ext`` shim; returns the built library's path."""
    from torch.utils.cpp_extension import load
    here = osp.dirname(osp.abspath(__file__))
    target = osp.join(site, 'mmcv')
    if not osp.isdir(target):
        shutil.copytree(osp.join(src, 'mmcv'), target)
    sources = [osp.join(src, s) for s in CPP_SOURCES]
    sources.append(osp.join(here, PYBIND_SOURCE))
    flags, includes = [], [osp.join(src, d) for d in INCLUDE_DIRS]
    if cuda:
        sources += [osp.join(src, s) for s in CUDA_SOURCES]
        sources.append(osp.join(here, CUDABIND_SOURCE))
        flags = ['-DMMCV_WITH_CUDA']
        includes += thc_fallback(build_dir)
    os.makedirs(build_dir, exist_ok=True)
    module = load(EXT_NAME, sources, extra_cflags=flags,
                  extra_cuda_cflags=flags, extra_include_paths=includes,
                  build_directory=build_dir, with_cuda=cuda, verbose=False)
    missing = [f for f in BOUND_FUNCTIONS if not hasattr(module, f)]
    if missing:
        raise RuntimeError(f'mmcv_subset: {EXT_NAME} lacks {missing}')
    lib = osp.join(target, osp.basename(module.__file__))
    shutil.copy(module.__file__, lib)
    with open(osp.join(target, '_ext.py'), 'w') as f:
        f.write(EXT_SHIM.format(name=EXT_NAME))
    return lib


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--sdist', required=True, help='mmcv-2.1.0.tar.gz')
    parser.add_argument('--site', required=True,
                        help='folder on PYTHONPATH to install mmcv into')
    parser.add_argument('--build-dir', default='/tmp/mmcv_subset_build')
    parser.add_argument('--cpu', action='store_true',
                        help='compile without CUDA (sources check)')
    args = parser.parse_args()
    start = time.perf_counter()
    src = extract_sdist(args.sdist, args.build_dir)
    lib = build(src, args.site, not args.cpu, osp.join(args.build_dir, 'ext'))
    print(f'[mmcv_subset] built {lib} in {time.perf_counter() - start:.0f} s')


if __name__ == '__main__':
    main()
