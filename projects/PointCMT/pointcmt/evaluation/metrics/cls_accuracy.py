"""Overall / mean-class / per-class accuracy and the confusion matrix."""
import json
import os
import os.path as osp
from typing import Dict, List, Optional, Sequence

import numpy as np
from mmengine.evaluator import BaseMetric
from mmengine.logging import MMLogger

from mmdet3d.registry import METRICS


@METRICS.register_module()
class PointClsAccuracy(BaseMetric):
    """Classification accuracy of point-cloud shapes.

    Reports, in percent, ``overall_acc`` (fraction of correct samples, the
    "OA" of ModelNet40 papers) and ``mean_class_acc`` (mean of per-class
    recalls, "mAcc"). Per-class accuracy and the confusion matrix (rows =
    ground truth, columns = prediction) are logged and, when ``out_dir``
    is set, written to ``<out_dir>/<prefix_>confusion_matrix.json``. The
    training and test tools set ``out_dir`` to the run's work directory.

    Every sample is counted exactly once: mmengine's evaluator drops the
    padding that a distributed sampler adds to the last batch.

    Args:
        num_classes (int, optional): Number of classes; taken from the
            dataset's ``classes`` metainfo when ``None``.
        out_dir (str, optional): Where to save the confusion matrix.
        collect_device (str): ``'cpu'`` or ``'gpu'``.
        prefix (str, optional): Prefix of the metric names.
    """

    default_prefix: Optional[str] = None

    def __init__(self,
                 num_classes: Optional[int] = None,
                 out_dir: Optional[str] = None,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.num_classes = num_classes
        self.out_dir = out_dir

    def process(self, data_batch: dict, data_samples: Sequence[dict]) -> None:
        """Keep (ground truth, prediction) of each predicted sample.

        Args:
            data_batch (dict): Unused.
            data_samples (Sequence[dict]): ``PointClsDataSample.to_dict()``
                outputs with ``gt_label`` and ``pred_label``.
        """
        for sample in data_samples:
            for key in ('gt_label', 'pred_label'):
                if key not in sample:
                    raise KeyError(
                        f'PointClsAccuracy needs "{key}" in each predicted '
                        f'sample, got keys {sorted(sample)}')
            self.results.append((int(sample['gt_label'].item()),
                                 int(sample['pred_label'].item())))

    def _class_names(self, num_classes: int) -> List[str]:
        names = (self.dataset_meta or {}).get('classes')
        if names is None or len(names) != num_classes:
            return [str(i) for i in range(num_classes)]
        return list(names)

    def compute_metrics(self, results: List[tuple]) -> Dict[str, float]:
        """Compute the metrics from all collected samples (rank 0 only)."""
        pairs = np.asarray(results, dtype=np.int64).reshape(-1, 2)
        num_classes = self.num_classes
        if num_classes is None:
            classes = (self.dataset_meta or {}).get('classes')
            num_classes = len(classes) if classes else int(pairs.max()) + 1
        if pairs.size and (pairs.min() < 0 or pairs.max() >= num_classes):
            raise ValueError(
                f'PointClsAccuracy: labels must lie in [0, {num_classes}), '
                f'got {pairs.min()}..{pairs.max()}')
        confusion = np.zeros((num_classes, num_classes), dtype=np.int64)
        np.add.at(confusion, (pairs[:, 0], pairs[:, 1]), 1)
        support = confusion.sum(axis=1)
        correct = np.diag(confusion)
        present = support > 0
        per_class = np.full(num_classes, np.nan)
        per_class[present] = 100.0 * correct[present] / support[present]
        overall = 100.0 * correct.sum() / max(support.sum(), 1)
        mean_class = float(np.mean(per_class[present])) if present.any() \
            else 0.0
        names = self._class_names(num_classes)
        report = dict(
            num_samples=int(support.sum()),
            overall_acc=float(overall),
            mean_class_acc=mean_class,
            classes=names,
            per_class_acc={
                n: (None if np.isnan(a) else float(a))
                for n, a in zip(names, per_class)
            },
            confusion_matrix=confusion.tolist())
        logger = MMLogger.get_current_instance()
        logger.info('per-class accuracy: ' + ', '.join(
            f'{n}={a:.1f}' for n, a in zip(names, per_class)
            if not np.isnan(a)))
        if self.out_dir is not None:
            os.makedirs(self.out_dir, exist_ok=True)
            name = f'{self.prefix}_' if self.prefix else ''
            path = osp.join(self.out_dir, f'{name}confusion_matrix.json')
            with open(path, 'w') as f:
                json.dump(report, f, indent=1)
            logger.info(f'confusion matrix saved to {path}')
        return dict(overall_acc=float(overall), mean_class_acc=mean_class)


__all__ = ['PointClsAccuracy']
