"""ImageNet initialisation of the teacher's ResNet-18 through init_cfg.

torchvision may be absent here, so the checkpoint is a file with
torchvision's ResNet-18 key names (``models.resnet18().state_dict()``,
listed below from torchvision's naming) and known values; mmengine's
``Pretrained`` init loads ``torchvision://resnet18`` the same way once
downloaded.
"""
import pytest
import torch

import pointcmt  # noqa: F401
from mmdet3d.registry import MODELS

BN = ('weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked')


def torchvision_resnet18_keys():
    """The state-dict keys of ``torchvision.models.resnet18()``."""
    keys = ['conv1.weight'] + [f'bn1.{p}' for p in BN]
    for layer in range(1, 5):
        for block in range(2):
            prefix = f'layer{layer}.{block}'
            for i in (1, 2):
                keys += [f'{prefix}.conv{i}.weight']
                keys += [f'{prefix}.bn{i}.{p}' for p in BN]
            if layer > 1 and block == 0:
                keys += [f'{prefix}.downsample.0.weight']
                keys += [f'{prefix}.downsample.1.{p}' for p in BN]
    return keys + ['fc.weight', 'fc.bias']


def teacher_cfg(checkpoint):
    return dict(
        type='MultiViewTeacher',
        backbone=dict(
            type='mmdet.ResNet',
            depth=18,
            out_indices=(3, ),
            norm_eval=False,
            init_cfg=dict(type='Pretrained', checkpoint=checkpoint)),
        num_classes=5,
        feat_channels=512)


def test_local_torchvision_checkpoint_sets_every_backbone_weight(tmp_path):
    teacher = MODELS.build(teacher_cfg(str(tmp_path / 'resnet18.pth')))
    backbone = teacher.backbone.state_dict()
    keys = torchvision_resnet18_keys()
    assert sorted(backbone) == sorted(keys[:-2])  # all but fc.*
    torch.manual_seed(0)
    weights = {
        key: torch.randn(backbone[key].shape)
        if backbone[key].is_floating_point() else torch.tensor(7)
        for key in keys[:-2]
    }
    weights['fc.weight'] = torch.randn(1000, 512)
    weights['fc.bias'] = torch.randn(1000)
    torch.save(weights, tmp_path / 'resnet18.pth')
    teacher.init_weights()
    for key, value in teacher.backbone.state_dict().items():
        torch.testing.assert_close(value, weights[key], msg=key)


def test_missing_checkpoint_names_the_file(tmp_path):
    path = str(tmp_path / 'no_such' / 'resnet18.pth')
    teacher = MODELS.build(teacher_cfg(path))
    with pytest.raises(FileNotFoundError, match=path):
        teacher.init_weights()
