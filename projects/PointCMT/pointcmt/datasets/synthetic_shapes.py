"""An embedded, procedurally generated shape-classification dataset."""
from typing import Dict, Optional, Sequence

import numpy as np
from mmdet3d.registry import DATASETS
from mmengine.dataset import BaseDataset

from ..ops.mesh_renderer import normalize_mesh_to_unit_sphere
from .mesh_generators import MESH_GENERATORS
from .readers import sample_mesh_surface

__all__ = ['SyntheticShapesDataset']


def _random_rotation(rng: np.random.Generator, mode: Optional[str],
                     max_tilt: float) -> np.ndarray:
    """``(3, 3)`` rotation: none, uniform SO(3), or z plus a small tilt."""
    if mode is None:
        return np.eye(3)
    if mode == 'so3':
        q, r = np.linalg.qr(rng.standard_normal((3, 3)))
        q *= np.sign(np.diag(r))
        return q * np.linalg.det(q)  # det(q) = +-1 -> a proper rotation
    ang = rng.uniform(0, 2 * np.pi)
    cos, sin = np.cos(ang), np.sin(ang)
    about_z = np.array([[cos, -sin, 0], [sin, cos, 0], [0, 0, 1]])
    # Rodrigues rotation about a random horizontal axis by <= max_tilt.
    axis_ang, tilt = rng.uniform(0, 2 * np.pi), rng.uniform(0, max_tilt)
    k = np.array([np.cos(axis_ang), np.sin(axis_ang), 0.0])
    k_cross = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    tilt_rot = (
        np.eye(3) + np.sin(tilt) * k_cross +
        (1 - np.cos(tilt)) * k_cross @ k_cross)
    return tilt_rot @ about_z


def _to_unit_sphere(points: np.ndarray) -> np.ndarray:
    points = points - points.mean(axis=0)
    return points / np.sqrt(np.einsum('ij,ij->i', points, points).max())


@DATASETS.register_module()
class SyntheticShapesDataset(BaseDataset):
    """Procedural shapes of 13 classes as meshes and degraded point clouds.

    No download needed. Classes (``METAINFO['classes']``): sphere,
    ellipsoid, box, cylinder, capsule, cone, pyramid, torus, table, mug,
    helix, l_bracket, cross. Pairs with similar silhouettes
    (sphere/ellipsoid, cylinder/capsule, cone/pyramid, box/table) keep it
    from being trivial.

    Each sample is one triangle mesh of its class with random proportions
    (:mod:`pointcmt.datasets.mesh_generators`) and a random global per-axis
    scale in [0.95, 1.05], seen two ways:

    - ``points``, what a point-cloud student gets: ``2 * num_points``
      area-weighted samples of the mesh surface; with probability
      ``occlusion_prob`` the points beyond a random plane dropped (a
      fraction in ``occlusion_range``); ``num_points`` kept, normalised to
      the unit sphere, Gaussian noise (``noise_std``), a
      ``Binomial(num_points, outlier_ratio)`` number of points replaced by
      uniform points in the unit ball, a random rotation, and a final
      centring + unit-sphere scaling.
    - ``mesh_vertices`` / ``mesh_faces``, the clean and complete surface
      (no occlusion, noise or outliers) with the same scale and rotation,
      centred on its surface centroid with its farthest vertex at distance
      1 (:func:`~pointcmt.ops.mesh_renderer.normalize_mesh_to_unit_sphere`),
      e.g. for the teacher's views (``RenderMeshViews``). Point transforms
      do not touch it (``RandomScaleTranslatePoints(with_mesh=True)``
      gives it the points' draw). It is in its own frame: the points'
      centring depends on the occlusion and outliers, so the two overlap
      only roughly.

    Sample ``i`` of class ``c`` is drawn from three generators spawned from
    ``np.random.SeedSequence([seed, split_id, c, i])``: the shape (its
    proportions and scale), the rotation, and the point degradation
    (sampling, occlusion, noise, outliers). So a split is reproducible, the
    splits differ, the mesh does not depend on the degradation settings
    and the points before rotation do not depend on the rotation mode.

    Data list entries: ``dict(points=np.ndarray float32 (num_points, 3),
    mesh_vertices=np.ndarray float32 (N, 3), mesh_faces=np.ndarray int64
    (F, 3), gt_label=int, sample_idx=int)``.

    Args:
        split (str): ``'train'``, ``'val'`` or ``'test'``.
        num_samples_per_class (int, optional): Defaults to 80 for 'train'
            and 20 for 'val'/'test'.
        num_points (int): Points per shape. Defaults to 1024.
        seed (int): Base seed. Defaults to 0.
        rotation (str, optional): ``'z'`` (random about z plus a tilt of at
            most ``max_tilt_deg``), ``'so3'`` (uniform) or None.
        max_tilt_deg (float): Tilt bound for ``rotation='z'``. Defaults to
            10.
        noise_std (float): Gaussian noise, in unit-sphere units.
        occlusion_prob (float): Probability of a partial occlusion.
        occlusion_range (Sequence[float]): Dropped fraction range.
        outlier_ratio (float): Expected fraction of outlier points.
        pipeline (list): Transform configs.
        test_mode (bool): See :class:`mmengine.dataset.BaseDataset`.
        **kwargs: Passed to :class:`mmengine.dataset.BaseDataset`;
            ``metainfo=dict(classes=[...])`` selects a subset of classes
            (labels follow that order).
    """

    METAINFO = dict(classes=tuple(MESH_GENERATORS))
    SPLIT_IDS = dict(train=0, val=1, test=2)
    DEFAULT_SAMPLES = dict(train=80, val=20, test=20)
    ROTATIONS = ('z', 'so3', None)

    def __init__(self,
                 split: str = 'train',
                 num_samples_per_class: Optional[int] = None,
                 num_points: int = 1024,
                 seed: int = 0,
                 rotation: Optional[str] = 'z',
                 max_tilt_deg: float = 10.0,
                 noise_std: float = 0.01,
                 occlusion_prob: float = 0.5,
                 occlusion_range: Sequence[float] = (0.05, 0.3),
                 outlier_ratio: float = 0.01,
                 pipeline: Sequence = (),
                 test_mode: bool = False,
                 **kwargs) -> None:
        if split not in self.SPLIT_IDS:
            raise ValueError(f'split must be one of {tuple(self.SPLIT_IDS)}, '
                             f'got {split!r}')
        if rotation not in self.ROTATIONS:
            raise ValueError(f'rotation must be one of {self.ROTATIONS}, got '
                             f'{rotation!r}')
        if num_points <= 0 or (num_samples_per_class is not None
                               and num_samples_per_class <= 0):
            raise ValueError('num_points and num_samples_per_class must be '
                             f'positive, got {num_points}, '
                             f'{num_samples_per_class}')
        if not (0 <= occlusion_range[0] <= occlusion_range[1] < 1
                and 0 <= occlusion_prob <= 1 and 0 <= outlier_ratio < 1
                and noise_std >= 0):
            raise ValueError(
                'expected 0 <= occlusion_range[0] <= occlusion_range[1] < 1, '
                'occlusion_prob in [0, 1], outlier_ratio in [0, 1), '
                f'noise_std >= 0; got {occlusion_range}, {occlusion_prob}, '
                f'{outlier_ratio}, {noise_std}')
        self.split = split
        self.num_samples_per_class = (
            num_samples_per_class or self.DEFAULT_SAMPLES[split])
        self.num_points = num_points
        self.seed = seed
        self.rotation = rotation
        self.max_tilt = np.deg2rad(max_tilt_deg)
        self.noise_std = noise_std
        self.occlusion_prob = occlusion_prob
        self.occlusion_range = tuple(occlusion_range)
        self.outlier_ratio = outlier_ratio
        super().__init__(
            pipeline=list(pipeline), test_mode=test_mode, **kwargs)

    def generate(self, label: int, index: int) -> Dict[str, np.ndarray]:
        """Sample ``index`` of class ``label`` in this split.

        Args:
            label (int): Class index into ``metainfo['classes']``.
            index (int): Sample index within the class.

        Returns:
            dict: ``points`` ``(num_points, 3)`` float32, ``mesh_vertices``
            ``(N, 3)`` float32 and ``mesh_faces`` ``(F, 3)`` int64, as in
            the class docstring.
        """
        seeds = np.random.SeedSequence(
            [self.seed, self.SPLIT_IDS[self.split], label, index]).spawn(3)
        shape_rng, pose_rng, rng = map(np.random.default_rng, seeds)
        name = self._metainfo['classes'][label]
        vertices, faces = MESH_GENERATORS[name](shape_rng)
        vertices = vertices * shape_rng.uniform(0.95, 1.05, 3)
        rotation = _random_rotation(pose_rng, self.rotation, self.max_tilt)
        points = sample_mesh_surface(vertices, faces, 2 * self.num_points, rng,
                                     name).astype(np.float64)
        if rng.random() < self.occlusion_prob:
            direction = rng.standard_normal(3)
            proj = points @ (direction / np.linalg.norm(direction))
            num_drop = int(rng.uniform(*self.occlusion_range) * len(proj))
            if num_drop:
                keep = np.argpartition(proj, len(proj) - num_drop)
                points = points[keep[:len(proj) - num_drop]]
        points = points[rng.choice(
            len(points),
            self.num_points,
            replace=len(points) < self.num_points,
            shuffle=False)]
        points = _to_unit_sphere(points)
        points += rng.normal(0, self.noise_std, points.shape)
        outliers = rng.random(self.num_points) < self.outlier_ratio
        ball = rng.standard_normal((int(outliers.sum()), 3))
        points[outliers] = (
            ball / np.linalg.norm(ball, axis=1, keepdims=True) * rng.random(
                (len(ball), 1))**(1 / 3))
        return dict(
            points=_to_unit_sphere(points @ rotation.T).astype(np.float32),
            mesh_vertices=normalize_mesh_to_unit_sphere(
                vertices @ rotation.T, faces, name)[0],
            mesh_faces=faces)

    def load_data_list(self) -> list:
        """Generate every sample of the split (class-major order)."""
        unknown = set(self._metainfo['classes']) - set(MESH_GENERATORS)
        if unknown:
            raise ValueError(f'SyntheticShapesDataset: unknown classes '
                             f'{sorted(unknown)} in metainfo, expected a '
                             f'subset of {tuple(MESH_GENERATORS)}')
        num_classes = len(self._metainfo['classes'])
        data_list = []
        for label in range(num_classes):
            for index in range(self.num_samples_per_class):
                data_list.append(
                    dict(
                        **self.generate(label, index),
                        gt_label=label,
                        sample_idx=len(data_list)))
        return data_list

    def get_cat_ids(self, idx: int) -> list:
        """Category of a sample, for class-balanced wrappers."""
        return [self.get_data_info(idx)['gt_label']]
