import itertools

import pytest
import torch

from pointcmt.ops.point_renderer import (VIEW_PRESETS, camera_frames,
                                         render_point_views, view_angles,
                                         view_directions)


def brute_force_render(points,
                       views,
                       size,
                       radius,
                       footprint='square',
                       min_intensity=0.2):
    """Per-point, per-pixel loop reference of the depth mode."""
    frames = camera_frames(views).float()
    out = torch.zeros(points.shape[0], frames.shape[0], size, size)
    best = torch.full_like(out, -float('inf'))
    for b, v in itertools.product(
            range(points.shape[0]), range(frames.shape[0])):
        for p in points[b, :, :3]:
            u, w, t = (frames[v] @ p).tolist()
            col = int(torch.floor(torch.tensor((u + 1) * 0.5 * size)))
            row = int(torch.floor(torch.tensor((1 - w) * 0.5 * size)))
            for dy in range(-radius, radius + 1):
                for dx in range(-radius, radius + 1):
                    if footprint == 'disc' and dy * dy + dx * dx > radius**2:
                        continue
                    r, c = row + dy, col + dx
                    if 0 <= r < size and 0 <= c < size and t > best[b, v, r,
                                                                    c]:
                        best[b, v, r, c] = t
                        level = min(max((t + 1) / 2, 0.0), 1.0)
                        out[b, v, r,
                            c] = min_intensity + (1 - min_intensity) * level
    return out


@pytest.mark.parametrize('name,count', [('simpleview6', 6), ('ring12', 12),
                                        ('dodecahedron20', 20)])
def test_presets_counts_and_unit_directions(name, count):
    dirs = view_directions(name)
    assert dirs.shape == (count, 3)
    torch.testing.assert_close(
        dirs.norm(dim=1), torch.ones(count, dtype=dirs.dtype))
    # directions are distinct
    assert torch.cdist(dirs, dirs).add(torch.eye(count) * 9).min() > 0.1
    frames = camera_frames(name)
    eye = torch.eye(3, dtype=frames.dtype).expand(count, 3, 3)
    torch.testing.assert_close(frames @ frames.transpose(1, 2), eye)
    torch.testing.assert_close(
        torch.linalg.det(frames), torch.ones(count, dtype=frames.dtype))


def test_preset_geometry():
    six = view_directions('simpleview6')
    expected = torch.tensor([[1., 0, 0], [0, 1, 0], [-1, 0, 0], [0, -1, 0],
                             [0, 0, 1], [0, 0, -1]]).double()
    torch.testing.assert_close(six, expected)
    ring = view_directions('ring12')
    torch.testing.assert_close(ring[:, 2], torch.full((12, ), 0.5).double())
    dodeca = view_directions('dodecahedron20')
    # every vertex of a dodecahedron has 3 nearest neighbours at equal angle
    cos = dodeca @ dodeca.T
    top = cos.sort(dim=1, descending=True).values[:, 1:4]
    torch.testing.assert_close(top, top[:1].expand(20, 3))
    assert view_angles(dict(azimuths=[0, 90], elevations=[0, 0]))[0].shape \
        == (2, )


@pytest.mark.parametrize('mode', ['depth', 'shaded'])
def test_shape_dtype_range_determinism(mode):
    torch.manual_seed(0)
    points = torch.rand(2, 50, 4) * 1.6 - 0.8
    images = render_point_views(
        points, views='ring12', image_size=16, radius=1, mode=mode)
    assert images.shape == (2, 12, 16, 16, 3)
    assert images.dtype == torch.float32
    assert images.min() >= 0 and images.max() <= 1
    assert (images > 0).any() and (images == 0).any()
    torch.testing.assert_close(images[..., 0], images[..., 2])
    again = render_point_views(
        points, views='ring12', image_size=16, radius=1, mode=mode)
    assert torch.equal(images, again)


@pytest.mark.parametrize('radius,footprint', [(0, 'square'), (1, 'square'),
                                              (2, 'disc')])
def test_matches_brute_force(radius, footprint):
    torch.manual_seed(1)
    points = torch.rand(2, 30, 3) * 1.8 - 0.9
    images = render_point_views(
        points,
        views='dodecahedron20',
        image_size=12,
        radius=radius,
        footprint=footprint)
    reference = brute_force_render(points, 'dodecahedron20', 12, radius,
                                   footprint)
    torch.testing.assert_close(images[..., 0], reference)


def test_point_on_x_axis():
    # S = 8: centre pixel (4, 4); views +x, +y, -x, -y, +z, -z.
    images = render_point_views(
        torch.tensor([[[0.7, 0.0, 0.0]]]), image_size=8, radius=0)[0, ..., 0]
    pixels = [images[v].nonzero().tolist() for v in range(6)]
    # +y view: right = -x, so +x lies left; top view: up = -x (below
    # centre); bottom view: up = +x (above centre).
    assert pixels == [[[4, 4]], [[4, 1]], [[4, 4]], [[4, 6]], [[6, 4]],
                      [[1, 4]]]
    assert images[0, 4, 4].item() == pytest.approx(0.2 + 0.8 * 0.85)
    assert images[2, 4, 4].item() == pytest.approx(0.2 + 0.8 * 0.15)


def test_known_pixel_on_x_view():
    # +x view: right = +y, up = +z; S = 8 -> pixel side 0.25.
    points = torch.tensor([[[0.5, 0.0, 0.5]]])
    images = render_point_views(
        points, views='simpleview6', image_size=8, radius=0)[0, 0, ..., 0]
    assert images.nonzero().tolist() == [[2, 4]]
    # nearness 0.5 -> 0.2 + 0.8 * 0.75
    assert images[2, 4].item() == pytest.approx(0.8)
    # a point towards +y lands right of centre
    right = render_point_views(
        torch.tensor([[[0.0, 0.6, 0.0]]]), image_size=8, radius=0)[0, 0, ...,
                                                                   0]
    assert right.nonzero().tolist() == [[4, 6]]


def test_zbuffer_nearer_point_wins():
    near_first = torch.tensor([[[0.8, 0.1, 0.1], [-0.8, 0.1, 0.1]]])
    for points in (near_first, near_first.flip(1)):
        image = render_point_views(
            points,
            views=dict(azimuths=[0], elevations=[0]),
            image_size=8,
            radius=1)[0, 0, ..., 0]
        assert image.max().item() == pytest.approx(0.2 + 0.8 * 0.9)
        assert torch.unique(image).numel() == 2  # background + one depth
    # from the opposite side the other point wins
    back = render_point_views(
        near_first,
        views=dict(azimuths=[180], elevations=[0]),
        image_size=8,
        radius=1)[0, 0, ..., 0]
    assert back.max().item() == pytest.approx(0.2 + 0.8 * 0.9)


def test_batched_equals_per_sample():
    torch.manual_seed(2)
    points = torch.randn(3, 40, 3) * 0.4
    batched = render_point_views(
        points, views='ring12', image_size=16, mode='shaded')
    for b in range(3):
        single = render_point_views(
            points[b:b + 1], views='ring12', image_size=16, mode='shaded')
        assert torch.equal(batched[b], single[0])


def test_identical_points_single_splat():
    points = torch.full((1, 100, 3), 0.1)
    for mode in ('depth', 'shaded'):
        images = render_point_views(points, image_size=16, radius=1, mode=mode)
        assert not torch.isnan(images).any()
        assert ((images[..., 0] > 0).sum(dim=(2, 3)) == 9).all()


def test_points_outside_frame_are_dropped():
    points = torch.tensor([[[0.0, 5.0, 0.0]]])
    images = render_point_views(
        points, views=dict(azimuths=[0], elevations=[0]), image_size=8)
    assert images.abs().sum() == 0


@pytest.mark.parametrize('points,match', [
    (torch.zeros(1, 5, 2), 'points must have shape'),
    (torch.zeros(5, 3), 'points must have shape'),
    (torch.zeros(1, 0, 3), 'at least one'),
    (torch.tensor([[[0.0, float('nan'), 0.0]]]), 'NaN'),
])
def test_bad_points(points, match):
    with pytest.raises(ValueError, match=match):
        render_point_views(points)


def test_bad_arguments():
    points = torch.zeros(1, 2, 3)
    with pytest.raises(TypeError, match='points'):
        render_point_views(torch.zeros(1, 2, 3, dtype=torch.long))
    for kwargs, name in [
        (dict(image_size=0), 'image_size'), (dict(radius=-1), 'radius'),
        (dict(mode='rgb'), 'mode'), (dict(footprint='star'), 'footprint'),
        (dict(scale=0.0), 'scale'), (dict(views='cube'), 'views'),
        (dict(views=dict(azimuths=[0, 1], elevations=[0])), 'views')
    ]:
        with pytest.raises(ValueError, match=name):
            render_point_views(points, **kwargs)
    assert set(VIEW_PRESETS) == {'simpleview6', 'ring12', 'dodecahedron20'}


def test_shaded_darkens_slanted_surfaces():
    # Dense planes seen from +x: one facing the camera, one with depth slope
    # 0.5 along the image's right axis (+y) -> head-light n_z = 1/sqrt(1.25).
    grid = torch.linspace(-0.5, 0.5, 201)
    y, z = torch.meshgrid(grid, grid, indexing='ij')
    y, z = y.flatten(), z.flatten()
    flat = torch.stack([torch.full_like(y, 0.3), y, z], 1)
    slanted = torch.stack([0.3 + 0.5 * y, y, z], 1)
    kwargs = dict(
        views=dict(azimuths=[0], elevations=[0]),
        image_size=16,
        radius=0,
        ambient=0.3)
    for plane, n_z in ((flat, 1.0), (slanted, 1.25**-0.5)):
        points = plane[None]
        depth = render_point_views(points, mode='depth', **kwargs)
        shaded = render_point_views(points, mode='shaded', **kwargs)
        inner = (slice(None), slice(None), slice(6, 10), slice(6, 10), 0)
        ratio = shaded[inner] / depth[inner]
        torch.testing.assert_close(
            ratio, torch.full_like(ratio, 0.3 + 0.7 * n_z), atol=0.02, rtol=0)


@pytest.mark.parametrize('min_intensity', [0.0, 1.0])
def test_min_intensity_extremes(min_intensity):
    points = torch.tensor([[[0.0, 0.0, 0.0], [0.5, 0.5, 0.5]]])
    images = render_point_views(
        points, image_size=8, min_intensity=min_intensity)
    assert torch.isfinite(images).all()
    assert images.max() <= 1 and (images == 0).any()
    if min_intensity == 1.0:
        assert set(images.unique().tolist()) == {0.0, 1.0}


@pytest.mark.skipif(not torch.cuda.is_available(), reason='needs CUDA')
def test_cuda_matches_cpu():
    torch.manual_seed(3)
    points = torch.rand(2, 200, 3) * 1.8 - 0.9
    for mode in ('depth', 'shaded'):
        cpu = render_point_views(
            points, views='ring12', image_size=32, mode=mode)
        gpu = render_point_views(
            points.cuda(), views='ring12', image_size=32, mode=mode)
        assert gpu.is_cuda
        torch.testing.assert_close(gpu.cpu(), cpu)
