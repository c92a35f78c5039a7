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
    'fps_xyz_kernel', 'fps_dist_kernel', 'knn_xyz_kernel', 'knn_dist_kernel',
    'ball_query_kernel'
]

# Initial "distance" of the FPS kernels' temp buffer and of the kNN heap.
INIT_DIST = 1e10


@njit(cache=True, nogil=True)
def _argmax_first(values):
    """Index of the first maximum (``values`` are >= 0, never NaN)."""
    best, best_i = -1.0, 0
    for i in range(values.shape[0]):
        if values[i] > best:
            best, best_i = values[i], i
    return best_i


@njit(cache=True, nogil=True)
def _soa(xyz, b, order, x, y, z):
    """Copy cloud ``b`` of ``xyz (B, N, 3)`` into ``x, y, z (N,)``, point
    ``order[i]`` at ``i``."""
    for i in range(x.shape[0]):
        n = order[i]
        x[i], y[i], z[i] = xyz[b, n, 0], xyz[b, n, 1], xyz[b, n, 2]


@njit(cache=True, nogil=True)
def fps_xyz_kernel(xyz, priority, num_samples):
    """FPS over ``xyz (B, N, 3)`` from index 0, scanning the points in
    ``priority (N,)`` order so that the first maximum wins;
    ``temp = min(temp, d)`` ignores NaN ``d``. Returns ``(B, num_samples)``
    int32 indices."""
    batch, num = xyz.shape[:2]
    out = np.zeros((batch, num_samples), np.int32)
    x, y, z = (np.empty(num, xyz.dtype), np.empty(num, xyz.dtype),
               np.empty(num, xyz.dtype))
    temp = np.empty(num, xyz.dtype)
    for b in range(batch):
        _soa(xyz, b, priority, x, y, z)
        temp[:] = INIT_DIST
        old = 0
        for j in range(1, num_samples):
            cx, cy, cz = x[old], y[old], z[old]
            for k in range(num):
                dx, dy, dz = x[k] - cx, y[k] - cy, z[k] - cz
                d = dx * dx + dy * dy + dz * dz
                # A select, not a branch: the loop vectorises.
                temp[k] = d if d < temp[k] else temp[k]
            old = _argmax_first(temp)
            out[b, j] = priority[old]
    return out


@njit(cache=True, nogil=True)
def fps_dist_kernel(dist, priority, num_samples):
    """FPS over the distance matrix ``dist (B, N, N)``, ``dist[b, old, k]``
    being the distance from the last sample ``old``, scanning the points in
    ``priority (N,)`` order. Returns ``(B, num_samples)`` int32 indices."""
    batch, num = dist.shape[:2]
    out = np.zeros((batch, num_samples), np.int32)
    temp = np.empty(num, dist.dtype)
    for b in range(batch):
        temp[:] = INIT_DIST
        old = 0
        for j in range(1, num_samples):
            row = dist[b, priority[old]]
            for p in range(num):
                d = row[priority[p]]
                temp[p] = d if d < temp[p] else temp[p]
            old = _argmax_first(temp)
            out[b, j] = priority[old]
    return out


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
def knn_xyz_kernel(centers, points, k):
    """kNN of ``centers (B, M, 3)`` among ``points (B, N, 3)``; returns
    ``(B, k, M)`` int32 indices (0 in slots without a candidate)."""
    batch, num_centers = centers.shape[:2]
    num = points.shape[1]
    out = np.zeros((batch, k, num_centers), np.int32)
    order = np.arange(num)
    x, y, z = (np.empty(num, points.dtype), np.empty(num, points.dtype),
               np.empty(num, points.dtype))
    row = np.empty(num, points.dtype)
    best_d = np.empty(k, points.dtype)
    best_i = np.empty(k, np.int32)
    for b in range(batch):
        _soa(points, b, order, x, y, z)
        for m in range(num_centers):
            cx, cy, cz = centers[b, m, 0], centers[b, m, 1], centers[b, m, 2]
            for n in range(num):
                dx, dy, dz = cx - x[n], cy - y[n], cz - z[n]
                row[n] = dx * dx + dy * dy + dz * dz
            best_d[:] = INIT_DIST
            best_i[:] = 0
            _select_row(row, best_d, best_i)
            out[b, :, m] = best_i
    return out


@njit(cache=True, nogil=True)
def knn_dist_kernel(dist, k):
    """kNN from squared distances ``dist (B, M, N)``; returns ``(B, k, M)``
    int32 indices (0 in slots without a candidate)."""
    batch, num_centers = dist.shape[:2]
    out = np.zeros((batch, k, num_centers), np.int32)
    best_d = np.empty(k, dist.dtype)
    best_i = np.empty(k, np.int32)
    for b in range(batch):
        for m in range(num_centers):
            best_d[:] = INIT_DIST
            best_i[:] = 0
            _select_row(dist[b, m], best_d, best_i)
            out[b, :, m] = best_i
    return out


@njit(cache=True, nogil=True)
def ball_query_kernel(centers, points, min_r2, max_r2, sample_num):
    """First ``sample_num`` points (index order) of ``points (B, N, 3)`` with
    ``d2 == 0 or min_r2 <= d2 < max_r2`` around each of ``centers
    (B, M, 3)``, the first one repeated in the free slots; ``(B, M, S)``
    int32, 0 for empty balls."""
    batch, num_centers = centers.shape[:2]
    num = points.shape[1]
    out = np.zeros((batch, num_centers, sample_num), np.int32)
    order = np.arange(num)
    x, y, z = (np.empty(num, points.dtype), np.empty(num, points.dtype),
               np.empty(num, points.dtype))
    for b in range(batch):
        _soa(points, b, order, x, y, z)
        for m in range(num_centers):
            cx, cy, cz = centers[b, m, 0], centers[b, m, 1], centers[b, m, 2]
            count = 0
            for n in range(num):
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
