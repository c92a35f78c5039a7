import json

import pytest
import torch

from mmdet3d.registry import METRICS


def _samples(pairs):
    return [dict(gt_label=torch.tensor([g]), pred_label=torch.tensor([p]))
            for g, p in pairs]


def test_overall_mean_class_and_confusion(tmp_path):
    metric = METRICS.build(
        dict(type='PointClsAccuracy', out_dir=str(tmp_path)))
    metric.dataset_meta = dict(classes=('a', 'b', 'c'))
    # class a: 3/4 right, class b: 1/2, class c: 0/1
    metric.process({}, _samples([(0, 0), (0, 0), (0, 0), (0, 1), (1, 1),
                                 (1, 2), (2, 0)]))
    res = metric.evaluate(7)
    assert res['overall_acc'] == pytest.approx(100 * 4 / 7)
    assert res['mean_class_acc'] == pytest.approx(100 * (0.75 + 0.5 + 0) / 3)
    report = json.loads((tmp_path / 'confusion_matrix.json').read_text())
    assert report['confusion_matrix'] == [[3, 1, 0], [0, 1, 1], [1, 0, 0]]
    assert report['per_class_acc'] == {'a': 75.0, 'b': 50.0, 'c': 0.0}


def test_label_outside_class_list():
    metric = METRICS.build(dict(type='PointClsAccuracy', num_classes=2))
    metric.process({}, _samples([(0, 5)]))
    with pytest.raises(ValueError, match=r'\[0, 2\)'):
        metric.evaluate(1)


def test_missing_prediction_named():
    metric = METRICS.build(dict(type='PointClsAccuracy'))
    with pytest.raises(KeyError, match='pred_label'):
        metric.process({}, [dict(gt_label=torch.tensor([0]))])
