import math

import numpy as np
import pytest
import torch

from pointcmt.ops import (normalize_mesh_to_unit_sphere, render_mesh_views,
                          render_point_views)

# Unit cube [-0.5, 0.5]^3: 8 corners, 12 triangles (2 per face).
CUBE_V = torch.tensor([[x, y, z] for x in (-0.5, 0.5) for y in (-0.5, 0.5)
                       for z in (-0.5, 0.5)])
CUBE_F = torch.tensor([[0, 1, 3], [0, 3, 2], [4, 6, 7], [4, 7, 5], [0, 4, 5],
                       [0, 5, 1], [2, 3, 7], [2, 7, 6], [0, 2, 6], [0, 6, 4],
                       [1, 5, 7], [1, 7, 3]])
# The +x view of an 8 x 8 image: pixel centres at +-0.125, +-0.375, +-0.625,
# +-0.875, so the cube (half-width 0.5) covers rows/cols 2..5.
SQUARE = torch.zeros(8, 8, dtype=torch.bool)
SQUARE[2:6, 2:6] = True


def rot_z(degrees):
    a = math.radians(degrees)
    return torch.tensor([[math.cos(a), -math.sin(a), 0],
                         [math.sin(a), math.cos(a), 0], [0, 0, 1.0]])


def test_cube_silhouette_and_depth_on_every_axis():
    images = render_mesh_views([CUBE_V], [CUBE_F],
                               views='simpleview6',
                               image_size=8,
                               mode='depth',
                               min_intensity=0.2)
    assert images.shape == (1, 6, 8, 8, 3) and images.dtype == torch.float32
    for view in range(6):
        gray = images[0, view, ..., 0]
        assert torch.equal(gray > 0, SQUARE)
        # front face at nearness t = 0.5: 0.2 + 0.8 * (0.5 + 1) / 2 = 0.8
        torch.testing.assert_close(gray[SQUARE], torch.full((16, ), 0.8))
    assert torch.equal(images[..., 0], images[..., 2])


def test_cube_shading_headlight():
    shaded = render_mesh_views([CUBE_V], [CUBE_F], image_size=8, ambient=0.3)
    for view in range(6):
        gray = shaded[0, view, ..., 0]
        # the face squarely facing the camera: exactly 1, no depth term
        torch.testing.assert_close(gray[SQUARE], torch.ones(16))
        assert (gray[~SQUARE] == 0).all()


def test_rotated_cube_gives_cos45():
    # Rotated by 45 deg about z, the +x view sees two faces at 45 deg;
    # the silhouette is sqrt(2)/2 = 0.707 wide: cols with |centre| < 0.707.
    verts = CUBE_V @ rot_z(45).T
    for ambient in (0.0, 0.3):
        gray = render_mesh_views([verts], [CUBE_F],
                                 views=dict(azimuths=[0], elevations=[0]),
                                 image_size=8,
                                 ambient=ambient)[0, 0, ..., 0]
        expected = torch.zeros(8, 8)
        expected[2:6, 1:7] = ambient + (1 - ambient) * math.sqrt(0.5)
        torch.testing.assert_close(gray, expected)
    # depth: the front edge is at t = 0.707, the faces recede at 45 deg,
    # t = 0.707 - |u| at the pixel centre u
    depth = render_mesh_views([verts], [CUBE_F],
                              views=dict(azimuths=[0], elevations=[0]),
                              image_size=8,
                              mode='depth')[0, 0, 3, :, 0]
    u = torch.tensor([-0.625, -0.375, -0.125, 0.125, 0.375, 0.625])
    near = math.sqrt(0.5) - u.abs()
    torch.testing.assert_close(depth[1:7], 0.2 + 0.8 * (near + 1) / 2)


def test_same_frame_as_point_renderer():
    # Dense surface samples of a moved cube, splatted by the point renderer,
    # cover the same pixels as the mesh (up to the boundary).
    from pointcmt.datasets import sample_mesh_surface
    verts = (CUBE_V * 0.8 @ rot_z(30).T + torch.tensor([0.2, -0.1, 0.1]))
    points = sample_mesh_surface(verts.numpy(), CUBE_F.numpy(), 20000, 0)
    for views in ('ring12', 'dodecahedron20'):
        mesh = render_mesh_views([verts], [CUBE_F], views=views,
                                 image_size=32)[..., 0] > 0
        cloud = render_point_views(
            torch.from_numpy(points)[None],
            views=views,
            image_size=32,
            radius=0)[..., 0] > 0
        # points mark any pixel they fall in, the mesh the pixels whose
        # centre it covers: mesh within cloud within mesh grown by 1 px
        assert (mesh <= cloud).all()
        grown = torch.nn.functional.max_pool2d(
            mesh.flatten(0, 1).float(), 3, stride=1, padding=1) > 0
        assert (cloud.flatten(0, 1) <= grown).all()


def test_batch_of_two_different_meshes_and_tensor_input():
    tet_v = torch.tensor([[0.0, 0, 0.8], [0.7, 0, -0.4], [-0.4, 0.6, -0.4],
                          [-0.4, -0.6, -0.4]])
    tet_f = torch.tensor([[0, 1, 2], [0, 2, 3], [0, 3, 1], [1, 3, 2]])
    batch = render_mesh_views([CUBE_V, tet_v], [CUBE_F, tet_f],
                              views='ring12',
                              image_size=16)
    assert batch.shape == (2, 12, 16, 16, 3)
    alone = [
        render_mesh_views([v], [f], views='ring12', image_size=16)
        for v, f in ((CUBE_V, CUBE_F), (tet_v, tet_f))
    ]
    torch.testing.assert_close(batch, torch.cat(alone), rtol=0, atol=0)
    assert not torch.equal(batch[0], batch[1])
    stacked = render_mesh_views(
        CUBE_V[None].repeat(2, 1, 1),
        CUBE_F[None].repeat(2, 1, 1),
        image_size=16)
    torch.testing.assert_close(stacked[0], stacked[1], rtol=0, atol=0)
    # chunking does not change the result
    tiny_chunks = render_mesh_views([CUBE_V, tet_v], [CUBE_F, tet_f],
                                    views='ring12',
                                    image_size=16,
                                    max_candidates=7)
    torch.testing.assert_close(batch, tiny_chunks, rtol=0, atol=0)


@pytest.mark.parametrize('views,count', [('simpleview6', 6), ('ring12', 12),
                                         ('dodecahedron20', 20)])
@pytest.mark.parametrize('mode', ['depth', 'shaded'])
def test_presets_give_views_in_range(views, count, mode):
    images = render_mesh_views([CUBE_V @ rot_z(20).T], [CUBE_F],
                               views=views,
                               image_size=12,
                               mode=mode)
    assert images.shape == (1, count, 12, 12, 3)
    assert images.min() >= 0 and images.max() <= 1
    assert ((images > 0).flatten(2).any(2)).all()  # every view sees it


def test_no_culling_and_order_independence():
    flipped = CUBE_F[:, [0, 2, 1]]
    ref = render_mesh_views([CUBE_V], [CUBE_F], views='ring12', image_size=16)
    torch.testing.assert_close(
        render_mesh_views([CUBE_V], [flipped], views='ring12', image_size=16),
        ref,
        rtol=0,
        atol=0)
    perm = torch.randperm(12, generator=torch.Generator().manual_seed(0))
    torch.testing.assert_close(
        render_mesh_views([CUBE_V], [CUBE_F[perm]],
                          views='ring12',
                          image_size=16),
        ref,
        rtol=0,
        atol=0)


def test_outside_frame_and_nearer_surface_wins():
    # a big square behind a small one: the small one wins where they overlap
    square = torch.tensor([[0.0, -1, -1], [0, 1, -1], [0, 1, 1], [0, -1, 1]])
    faces = torch.tensor([[0, 1, 2], [0, 2, 3]])
    near = square * 0.25 + torch.tensor([0.5, 0, 0])
    verts = torch.cat([square * 3, near])  # the big one overflows the frame
    gray = render_mesh_views([verts], [torch.cat([faces, faces + 4])],
                             views=dict(azimuths=[0], elevations=[0]),
                             image_size=8,
                             mode='depth')[0, 0, ..., 0]
    assert (gray > 0).all()
    torch.testing.assert_close(gray[3:5, 3:5], torch.full((2, 2), 0.8))
    torch.testing.assert_close(gray[0, 0], torch.tensor(0.6))


@pytest.mark.skipif(not torch.cuda.is_available(), reason='needs CUDA')
def test_cuda_matches_cpu():
    """One implementation for both devices: the same coverage and the same
    winning triangle per pixel, values equal up to float rounding."""
    tet_v = torch.tensor([[0.0, 0, 0.8], [0.7, 0, -0.4], [-0.4, 0.6, -0.4],
                          [-0.4, -0.6, -0.4]])
    tet_f = torch.tensor([[0, 1, 2], [0, 2, 3], [0, 3, 1], [1, 3, 2]])
    meshes = [CUBE_V @ rot_z(20).T, tet_v], [CUBE_F, tet_f]
    for mode in ('depth', 'shaded'):
        cpu = render_mesh_views(*meshes, views='ring12', image_size=32,
                                mode=mode)
        gpu = render_mesh_views([v.cuda() for v in meshes[0]],
                                [f.cuda() for f in meshes[1]],
                                views='ring12', image_size=32, mode=mode)
        assert gpu.is_cuda
        assert torch.equal(gpu.cpu() > 0, cpu > 0)
        torch.testing.assert_close(gpu.cpu(), cpu)


def test_normalize_mesh_to_unit_sphere():
    verts = CUBE_V.numpy() * 10 + np.array([3.0, -2, 5])
    unit, centre, radius = normalize_mesh_to_unit_sphere(verts, CUBE_F.numpy())
    np.testing.assert_allclose(centre, [3, -2, 5], atol=1e-9)
    assert radius == pytest.approx(10 * math.sqrt(0.75))
    np.testing.assert_allclose(np.linalg.norm(unit, axis=1), 1, atol=1e-6)
    with pytest.raises(ValueError, match='flat.off'):
        normalize_mesh_to_unit_sphere(
            np.zeros((3, 3)), np.array([[0, 1, 2]]), 'flat.off')


@pytest.mark.parametrize('vertices,faces,error,match', [
    ([], [], ValueError, 'same non-zero number'),
    ([CUBE_V], [CUBE_F, CUBE_F], ValueError, 'same non-zero number'),
    ([CUBE_V.long()], [CUBE_F], TypeError, r'vertices\[0\]'),
    ([CUBE_V], [CUBE_F.float()], TypeError, r'faces\[0\]'),
    ([CUBE_V[:, :2]], [CUBE_F], ValueError, r'vertices\[0\].*\(N>=1, 3\)'),
    ([CUBE_V], [torch.zeros(0, 3, dtype=torch.long)
                ], ValueError, r'faces\[0\].*triangles'),
    ([CUBE_V], [torch.zeros(2, 4, dtype=torch.long)
                ], ValueError, r'faces\[0\].*triangles'),
    ([CUBE_V, CUBE_V * float('nan')
      ], [CUBE_F, CUBE_F], ValueError, r'vertices\[1\] contains NaN'),
    ([CUBE_V], [CUBE_F + 1], ValueError, r'faces\[0\] indexes .*0\.\.7'),
    ([CUBE_V], [CUBE_F - 1], ValueError, r'faces\[0\] indexes'),
])
def test_bad_meshes(vertices, faces, error, match):
    with pytest.raises(error, match=match):
        render_mesh_views(vertices, faces)


@pytest.mark.parametrize('kwargs,match', [
    (dict(image_size=0), 'image_size'),
    (dict(mode='normals'), 'mode'),
    (dict(scale=-1.0), 'scale'),
    (dict(min_intensity=2.0), 'min_intensity'),
    (dict(ambient=-0.1), 'ambient'),
    (dict(views='cube6'), 'views'),
    (dict(max_candidates=0), 'max_candidates'),
])
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        render_mesh_views([CUBE_V], [CUBE_F], **kwargs)
