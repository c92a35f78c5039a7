"""numba kernels behind :mod:`pointcmt.ops.point_ops_cpu`.

Serial ``@njit(cache=True, nogil=True)`` loops (no ``parallel=True``: FPS
also runs in forked data-loader workers (``SamplePoints``), and not every
numba threading layer is fork-safe; fpsample / cKDTree-class speed needs no
threads). No
``fastmath``: squared distances are ``(dx*dx + dy*dy) + dz*dz`` rounded op by
op in the input dtype, as in the CUDA kernels and the old torch code. Inputs
are contiguous float32 or float64 arrays; index outputs are int32. The
semantics (ties, padding, NaN) are documented by the public wrappers in
:mod:`pointcmt.ops.point_ops_cpu`.
"""
import numpy as np
from numba import njit

__all__ = [
    'fps_kernel', 'FPS_XYZ', 'FPS_DIST', 'knn_xyz_kernel', 'ball_query_kernel'
]

# Initial "distance" of the FPS kernels' temp buffer and of the kNN heap.
INIT_DIST = 1e10
# fps_kernel's step: over coordinates (relax_xyz) or a distance matrix
# (relax_dist). A flag, not the step function itself: a jitted function
# passed as an argument gets a new type in every process, so the on-disk
# cache would never hit, gain an entry per process and fail to pickle its
# index once those types' dispatchers are gone.
FPS_XYZ, FPS_DIST = 0, 1


@njit(cache=True, nogil=True)
def _argmax_first(values):
    """Index of the first maximum (``values`` are >= 0, never NaN)."""
    best, best_i = -1.0, 0
    for i in range(values.shape[0]):
        if values[i] > best:
            best, best_i = values[i], i
    return best_i


@njit(cache=True, nogil=True)
def fps_kernel(step, data, priority, num_samples):
    """FPS from index 0 over the ``B`` clouds of ``data``, scanning the
    points in ``priority (N,)`` order so that the first maximum wins.

    Each step (``step``: :data:`FPS_XYZ` for :func:`relax_xyz`,
    :data:`FPS_DIST` for :func:`relax_dist`) lowers the running minimum
    ``temp (N,)`` (scan order) to the distances from the point at scan
    position ``old`` of cloud ``b``, ignoring NaN. Returns
    ``(B, num_samples)`` int32 indices.
    """
    batch, num = data.shape[0], priority.shape[0]
    out = np.zeros((batch, num_samples), np.int32)
    temp = np.empty(num, data.dtype)
    for b in range(batch):
        temp[:] = INIT_DIST
        old = 0
        for j in range(1, num_samples):
            if step == FPS_DIST:
                relax_dist(data, b, old, priority, temp)
            else:
                relax_xyz(data, b, old, priority, temp)
            old = _argmax_first(temp)
            out[b, j] = priority[old]
    return out


@njit(cache=True, nogil=True)
def relax_xyz(xyz_t, b, old, priority, temp):
    """:func:`fps_kernel`'s step over coordinates ``xyz_t (B, 3, N)``, the
    points already in scan order: ``temp = min(temp, d)`` with ``d`` the
    squared distance, as a select so that the loop vectorises."""
    x, y, z = xyz_t[b, 0], xyz_t[b, 1], xyz_t[b, 2]
    cx, cy, cz = x[old], y[old], z[old]
    for k in range(temp.shape[0]):
        dx, dy, dz = x[k] - cx, y[k] - cy, z[k] - cz
        d = dx * dx + dy * dy + dz * dz
        temp[k] = d if d < temp[k] else temp[k]


@njit(cache=True, nogil=True)
def relax_dist(dist, b, old, priority, temp):
    """:func:`fps_kernel`'s step over a distance matrix ``dist (B, N, N)``
    in index order, ``dist[b, i, k]`` being the distance from point ``i``
    to point ``k``."""
    row = dist[b, priority[old]]
    for p in range(temp.shape[0]):
        d = row[priority[p]]
        temp[p] = d if d < temp[p] else temp[p]


@njit(cache=True, nogil=True)
def _select_row(row, best_d, best_i):
    """Keep in ``best_d``/``best_i`` (sorted ascending, pre-filled with
    ``INIT_DIST``/0) the ``k`` smallest ``(row[n], n)`` pairs with
    ``row[n] < INIT_DIST``: strict ``<`` puts equal distances in index
    order and rejects NaN."""
    last = best_d.shape[0] - 1
    for n in range(row.shape[0]):
        d = row[n]
        if d < best_d[last]:
            j = last
            while j > 0 and best_d[j - 1] > d:
                best_d[j] = best_d[j - 1]
                best_i[j] = best_i[j - 1]
                j -= 1
            best_d[j] = d
            best_i[j] = n


@njit(cache=True, nogil=True)
def knn_xyz_kernel(centers, points_t, k):
    """kNN of ``centers (B, M, 3)`` among the points ``points_t (B, 3, N)``
    (coordinate rows); returns ``(B, k, M)`` int32 indices (0 in slots
    without a candidate)."""
    batch, num_centers = centers.shape[:2]
    out = np.zeros((batch, k, num_centers), np.int32)
    row = np.empty(points_t.shape[2], points_t.dtype)
    best_d = np.empty(k, points_t.dtype)
    best_i = np.empty(k, np.int32)
    for b in range(batch):
        x, y, z = points_t[b, 0], points_t[b, 1], points_t[b, 2]
        for m in range(num_centers):
            cx, cy, cz = centers[b, m, 0], centers[b, m, 1], centers[b, m, 2]
            for n in range(row.shape[0]):
                dx, dy, dz = cx - x[n], cy - y[n], cz - z[n]
                row[n] = dx * dx + dy * dy + dz * dz
            best_d[:] = INIT_DIST
            best_i[:] = 0
            _select_row(row, best_d, best_i)
            out[b, :, m] = best_i
    return out


@njit(cache=True, nogil=True)
def ball_query_kernel(centers, points_t, min_r2, max_r2, sample_num):
    """First ``sample_num`` points (index order) of ``points_t (B, 3, N)``
    (coordinate rows) with ``d2 == 0 or min_r2 <= d2 < max_r2`` around each
    of ``centers (B, M, 3)``, the first one repeated in the free slots;
    ``(B, M, S)`` int32, 0 for empty balls."""
    batch, num_centers = centers.shape[:2]
    out = np.zeros((batch, num_centers, sample_num), np.int32)
    for b in range(batch):
        x, y, z = points_t[b, 0], points_t[b, 1], points_t[b, 2]
        for m in range(num_centers):
            cx, cy, cz = centers[b, m, 0], centers[b, m, 1], centers[b, m, 2]
            count = 0
            for n in range(x.shape[0]):
                dx, dy, dz = cx - x[n], cy - y[n], cz - z[n]
                d = dx * dx + dy * dy + dz * dz
                if d == 0 or (min_r2 <= d and d < max_r2):
                    if count == 0:
                        out[b, m, :] = n
                    out[b, m, count] = n
                    count += 1
                    if count >= sample_num:
                        break
    return out
