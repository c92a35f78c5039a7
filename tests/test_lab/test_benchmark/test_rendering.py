"""The mesh rendering benchmark and its torus."""
from pointcmt_lab.benchmark import QUICK, Timer, bench_mesh_render, torus_mesh


def test_quick_mesh_render():
    mesh = bench_mesh_render(QUICK['mesh_render'], Timer(1, 0))
    assert mesh['num_views'] == 12 and mesh['num_faces'] == 128
    assert [r['image_size'] for r in mesh['rows']] == [16]
    for row in mesh['rows']:
        for mode in ('per_sample', 'batched'):
            time = row[mode]['time']
            assert 0 < time['min_s'] <= time['median_s']
            assert row[mode]['views_per_s'] > 0
        if 'numba' not in mesh['unavailable']:
            assert row['numba_zbuffer']['same_coverage']
    vertices, faces = torus_mesh(32, 32)
    assert faces.shape == (2048, 3) and int(faces.max()) == 1023
    assert vertices.norm(dim=1).max() <= 1.0 + 1e-6
