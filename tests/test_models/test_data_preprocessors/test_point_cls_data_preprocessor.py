import pytest
import torch

from mmdet3d.registry import MODELS
from pointcmt.ops import render_point_views


def test_stacks_and_normalises(batch):
    pre = MODELS.build(
        dict(type='PointClsDataPreprocessor', img_mean=[0.5] * 3,
             img_std=[0.25] * 3))
    batch['inputs']['imgs'] = [torch.full((2, 3, 4, 4), 0.75)] * 4
    batch['inputs']['teacher_feat'] = [torch.rand(6)] * 4
    out = pre(batch)
    assert out['inputs']['points'].shape == (4, 64, 3)
    assert out['inputs']['teacher_feat'].shape == (4, 6)
    torch.testing.assert_close(out['inputs']['imgs'],
                               torch.ones(4, 2, 3, 4, 4))
    assert len(out['data_samples']) == 4


def test_renders_on_device_like_the_renderer(batch):
    render_cfg = dict(views='simpleview6', image_size=16)
    pre = MODELS.build(
        dict(type='PointClsDataPreprocessor', render_cfg=render_cfg))
    out = pre(batch)
    expected = render_point_views(out['inputs']['points'], **render_cfg)
    torch.testing.assert_close(out['inputs']['imgs'],
                               expected.permute(0, 1, 4, 2, 3))


def test_ragged_points_rejected(batch):
    batch['inputs']['points'][1] = torch.rand(10, 3)
    pre = MODELS.build(dict(type='PointClsDataPreprocessor'))
    with pytest.raises(ValueError, match='SamplePoints'):
        pre(batch)


def test_mean_without_std_rejected():
    with pytest.raises(ValueError, match='img_std'):
        MODELS.build(dict(type='PointClsDataPreprocessor', img_mean=[0.5] * 3))
