import pytest
import torch

from mmdet3d.registry import MODELS


def test_tensor_max_avg():
    x = torch.rand(2, 8, 10)
    neck = MODELS.build(dict(type='GlobalPoolNeck', pool='max_avg'))
    out = neck(x)
    assert out.shape == (2, 16)
    torch.testing.assert_close(out[:, :8], x.amax(2))
    torch.testing.assert_close(out[:, 8:], x.mean(2))


def test_sa_dict_uses_last_features():
    feats = dict(sa_xyz=[torch.rand(2, 5, 3)],
                 sa_features=[torch.rand(2, 4, 9), torch.rand(2, 6, 5)])
    out = MODELS.build(dict(type='GlobalPoolNeck'))(feats)
    torch.testing.assert_close(out, feats['sa_features'][-1].amax(2))


def test_dgcnn_dict_is_channels_last():
    fa = torch.rand(2, 7, 12)
    out = MODELS.build(dict(type='GlobalPoolNeck'))(dict(fa_points=fa))
    torch.testing.assert_close(out, fa.amax(1))


def test_group_all_mlp_with_xyz():
    feats = dict(sa_xyz=[torch.rand(2, 5, 3)],
                 sa_features=[torch.rand(2, 4, 5)])
    neck = MODELS.build(
        dict(type='GlobalPoolNeck', in_channels=4, mlp_channels=(8, 16),
             use_xyz=True))
    out = neck(feats)
    assert out.shape == (2, 16)
    out.sum().backward()
    assert neck.mlp[0].conv.weight.grad is not None


def test_unknown_output_named():
    neck = MODELS.build(dict(type='GlobalPoolNeck'))
    with pytest.raises(ValueError, match='weird'):
        neck(dict(weird=torch.rand(2, 3, 4)))
    with pytest.raises(ValueError, match='str'):
        neck('not a tensor')
    with pytest.raises(ValueError, match='pool'):
        MODELS.build(dict(type='GlobalPoolNeck', pool='median'))
    with pytest.raises(ValueError, match='in_channels'):
        MODELS.build(dict(type='GlobalPoolNeck', mlp_channels=(4, )))
