"""Shared fixtures: mmdet3d default scope and small batches."""
import pytest
import torch
from mmengine.registry import init_default_scope

import pointcmt  # noqa: F401  (registers every component)
from pointcmt.structures import PointClsDataSample


@pytest.fixture(autouse=True)
def mmdet3d_scope():
    """Build from mmdet3d's registries, as configs do."""
    init_default_scope('mmdet3d')


@pytest.fixture
def cpu_only(monkeypatch):
    """In-process runs on the CPU where there are GPUs too: mmengine's
    runner picks its device with ``torch.cuda.is_available()``."""
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: False)


def make_batch(batch_size: int = 4, num_points: int = 64,
               num_classes: int = 5, seed: int = 0) -> dict:
    """A collated batch as ``pseudo_collate`` of packed samples gives."""
    gen = torch.Generator().manual_seed(seed)
    points = [
        torch.rand(num_points, 3, generator=gen) * 2 - 1
        for _ in range(batch_size)
    ]
    samples = [
        PointClsDataSample(metainfo=dict(sample_idx=i)).set_gt_label(
            i % num_classes) for i in range(batch_size)
    ]
    return dict(inputs=dict(points=points), data_samples=samples)


@pytest.fixture
def batch() -> dict:
    return make_batch()
