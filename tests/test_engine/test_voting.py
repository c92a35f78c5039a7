"""apply_voting_cfg: the voting test set up on a config, and run."""
import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate

from mmdet3d.registry import DATASETS, MODELS
from pointcmt.engine import apply_voting_cfg


def _cfg(last='PackPointClsInputs'):
    return Config(
        dict(
            model=dict(type='PointClassifier'),
            test_dataloader=dict(
                dataset=dict(pipeline=[
                    dict(type='LoadPointsFromShapeFile'),
                    dict(type=last)
                ]))))


def test_pipeline_and_model_wrapped():
    cfg = apply_voting_cfg(_cfg(), 3, (0.9, 1.1))
    pipeline = cfg.test_dataloader.dataset.pipeline
    assert [t['type'] for t in pipeline] == [
        'LoadPointsFromShapeFile', 'TestTimeAug'
    ]
    scales, packs = pipeline[1]['transforms']
    assert len(scales) == 3 and all(
        t['type'] == 'RandomScaleTranslatePoints'
        and tuple(t['scale_range']) == (0.9, 1.1)
        and tuple(t['translate_range']) == (0.0, 0.0) for t in scales)
    assert [t['type'] for t in packs] == ['PackPointClsInputs']
    assert cfg.model.type == 'PointClsTTAModel'
    assert cfg.model.module.type == 'PointClassifier'


def test_bad_voting_settings():
    with pytest.raises(ValueError, match='votes >= 1'):
        apply_voting_cfg(_cfg(), 0)
    with pytest.raises(ValueError, match='end with PackPointClsInputs'):
        apply_voting_cfg(_cfg(last='ShufflePoints'), 2)


def _voting_cfg(votes):
    return apply_voting_cfg(
        Config(
            dict(
                model=dict(
                    type='PointClassifier',
                    backbone=dict(type='PointNetBackbone', channels=(8, )),
                    neck=dict(type='GlobalPoolNeck'),
                    head=dict(type='PointClsHead', num_classes=13,
                              in_channels=8)),
                test_dataloader=dict(
                    dataset=dict(
                        type='SyntheticShapesDataset',
                        split='test',
                        num_samples_per_class=1,
                        num_points=32,
                        pipeline=[dict(type='PackPointClsInputs')])))),
        votes, (0.5, 2.0))


def test_votes_average_the_logits_of_n_scaled_copies(monkeypatch):
    votes = 4
    cfg = _voting_cfg(votes)
    plain = DATASETS.build(
        dict(cfg.test_dataloader.dataset,
             pipeline=[dict(type='PackPointClsInputs')]))
    np.random.seed(0)
    batch = pseudo_collate(
        [DATASETS.build(cfg.test_dataloader.dataset)[i] for i in (0, 1)])
    torch.manual_seed(0)
    tta = MODELS.build(cfg.model).eval()
    module_test_step, calls = tta.module.test_step, []

    def counted_test_step(data):
        calls.append(data)
        return module_test_step(data)

    monkeypatch.setattr(tta.module, 'test_step', counted_test_step)
    with torch.no_grad():
        merged = tta.test_step(batch)
    assert len(calls) == votes and len(merged) == 2
    # each vote: the same shapes, each under its own per-axis scaling
    for i in (0, 1):
        points = plain[i]['inputs']['points']
        scales = []
        for data in calls:
            ratio = data['inputs']['points'][i] / points
            scale = ratio.median(0).values
            torch.testing.assert_close(ratio, scale.expand_as(ratio))
            assert ((scale >= 0.5) & (scale <= 2.0)).all()
            scales.append(scale)
        assert len({tuple(s.tolist()) for s in scales}) == votes
    # the merged score is the softmax of the votes' mean logits
    with torch.no_grad():
        logits = torch.stack([
            tta.module(
                tta.module.data_preprocessor(data, False)['inputs'],
                mode='tensor') for data in calls
        ])
    expected = torch.softmax(logits.mean(0), dim=1)
    for sample, score in zip(merged, expected):
        torch.testing.assert_close(sample.pred_score, score)
        assert sample.pred_label.item() == score.argmax().item()
