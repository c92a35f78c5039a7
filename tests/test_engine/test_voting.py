"""apply_voting_cfg: the voting test set up on a config."""
import pytest
from mmengine.config import Config

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
