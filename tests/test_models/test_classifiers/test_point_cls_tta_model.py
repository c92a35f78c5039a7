import torch

from mmdet3d.registry import MODELS
from pointcmt.structures import PointClsDataSample


def test_merge_averages_logits():
    tta = MODELS.build(
        dict(type='PointClsTTAModel',
             module=dict(
                 type='PointClassifier',
                 backbone=dict(type='PointNetBackbone', channels=(8, )),
                 neck=dict(type='GlobalPoolNeck'),
                 head=dict(type='PointClsHead', num_classes=3,
                           in_channels=8))))
    logits = torch.tensor([[2.0, 0.0, 0.0], [0.0, 3.0, 0.0]])
    votes = [
        PointClsDataSample().set_gt_label(1).set_pred_score(
            torch.softmax(row, 0)).set_pred_label(row.argmax())
        for row in logits
    ]
    merged = tta.merge_preds([votes])[0]
    torch.testing.assert_close(merged.pred_score,
                               torch.softmax(logits.mean(0), 0))
    assert merged.pred_label.item() == 1
    assert merged.gt_label.item() == 1
