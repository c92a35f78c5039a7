"""The ``modelnet40_normal_resampled`` layout (PointNet++ text files)."""
import os
import re
from pathlib import Path
from typing import List, Optional, Tuple

import numpy as np
from mmdet3d.registry import DATASETS

from .annotation import AnnotatedSplitDataset
from .readers import load_points
from .transforms.loading import LoadPointsFromShapeFile

__all__ = ['ModelNetNormalResampledDataset']

_SHAPE_NAME = re.compile(r'^(?P<cls>.+)_\d+$')


def _read_list(path: Path) -> Tuple[str, ...]:
    if not path.is_file():
        raise FileNotFoundError(f'{path}: list file not found (expected the '
                                'modelnet40_normal_resampled layout)')
    names = tuple(line.strip() for line in path.read_text().splitlines()
                  if line.strip())
    if not names:
        raise ValueError(f'{path}: empty list file')
    return names


@DATASETS.register_module()
class ModelNetNormalResampledDataset(AnnotatedSplitDataset):
    """ModelNet40/10 in the ``modelnet40_normal_resampled`` layout.

    Source layout: ``<data_root>/<class>/<class>_0001.txt`` with 10000
    comma-separated rows ``x,y,z,nx,ny,nz``; class names in
    ``modelnet{40,10}_shape_names.txt``; shape names (``airplane_0001``) in
    ``modelnet{40,10}_{train,test}.txt``.

    Data list entries: ``dict(pts_path=str, gt_label=int, sample_idx=int)``.
    The dataset reads the points itself (in :meth:`prepare_data`, so in the
    data-loader workers) and puts ``points`` ``(10000, 3 or 6)`` float32 into
    the results before the pipeline; the pipeline must therefore not contain
    ``LoadPointsFromShapeFile``.

    Args:
        num_classes (int, optional): 40 or 10: which ``modelnet{40,10}_*``
            lists to read. Defaults to 40 (or the annotation file's).
        use_normals (bool): Keep the normal columns (C = 6). Defaults to
            False (xyz only).
        **kwargs: :class:`AnnotatedSplitDataset`'s: ``data_root`` (the
            ``modelnet40_normal_resampled`` folder), ``ann_file`` (from
            ``tools/create_data.py modelnet-normal``), ``split``, ... .
    """

    DATASET_NAME = 'modelnet_normal_resampled'
    SOURCE_CHOICES = dict(num_classes=((40, 10), 40))

    def __init__(self,
                 num_classes: Optional[int] = None,
                 use_normals: bool = False,
                 **kwargs) -> None:
        self.num_channels = 6 if use_normals else 3
        super().__init__(
            source_options=dict(num_classes=num_classes), **kwargs)
        if any(
                isinstance(t, LoadPointsFromShapeFile)
                for t in self.pipeline.transforms):
            raise ValueError(
                'ModelNetNormalResampledDataset reads the points '
                'itself (use_normals selects the columns); remove '
                'LoadPointsFromShapeFile from the pipeline')

    def source_classes(self, data_root: Optional[str]) -> Tuple[str, ...]:
        """The names of ``modelnet{40,10}_shape_names.txt``."""
        num_classes = self.source_options['num_classes']
        return _read_list(
            Path(data_root or '', f'modelnet{num_classes}_shape_names.txt'))

    def load_source_list(self, official_split: str) -> List[dict]:
        """Listed shapes of the split, checked to exist, in list order."""
        root = Path(self.data_root)
        classes = self._metainfo['classes']
        list_file = root / (f'modelnet{self.source_options["num_classes"]}_'
                            f'{official_split}.txt')
        label_of = {name: label for label, name in enumerate(classes)}
        data_list, existing = [], {}
        for name in _read_list(list_file):
            match = _SHAPE_NAME.match(name)
            cls = match and match['cls']
            if cls not in label_of:
                raise ValueError(f'{list_file}: shape {name!r} has no known '
                                 f'class prefix (classes: {list(classes)})')
            if cls not in existing:
                folder = root / cls
                existing[cls] = set(
                    os.listdir(folder)) if folder.is_dir() else set()
            if f'{name}.txt' not in existing[cls]:
                raise FileNotFoundError(
                    f'{list_file}: listed shape {name!r} has no file '
                    f'{root / cls / (name + ".txt")}')
            data_list.append(
                dict(
                    pts_path=str(root / cls / f'{name}.txt'),
                    gt_label=label_of[cls]))
        return data_list

    def prepare_data(self, idx: int) -> dict:
        """Read ``points`` (xyz, plus normals if ``use_normals``), then run
        the pipeline."""
        info = self.get_data_info(idx)
        points = load_points(info['pts_path'])
        if points.shape[1] < self.num_channels:
            raise ValueError(
                f"{info['pts_path']}: expected at least "
                f'{self.num_channels} columns (x,y,z'
                f'{",nx,ny,nz" if self.num_channels == 6 else ""})'
                f', got {points.shape[1]}')
        info['points'] = np.ascontiguousarray(points[:, :self.num_channels])
        return self.pipeline(info)
