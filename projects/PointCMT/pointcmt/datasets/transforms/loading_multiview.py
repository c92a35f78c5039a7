"""Load pre-rendered multi-view images (MVCNN layout) of a sample."""
import glob
import os.path as osp
from typing import Optional, Sequence, Union

import mmcv
import numpy as np
from mmcv.transforms import BaseTransform

from mmdet3d.registry import TRANSFORMS
from .checks import sample_name

#: The split folders of the official image (and ModelNet folder) layout.
OFFICIAL_SPLITS = ('train', 'test')


@TRANSFORMS.register_module()
class LoadMultiViewImages(BaseTransform):
    """Read the ``num_views`` images of a shape into ``imgs``.

    Files follow the MVCNN layout of PointCMT's official images,
    ``<img_root>/<class>/<split>/<name>_001.png .. _NNN.png`` (``NNN`` =
    ``num_views``, zero-padded to 3 digits). The per-shape prefix
    ``<img_root>/<class>/<split>/<name>`` is found as follows:

    1. ``results['img_prefix']`` if present (a full prefix; ``img_root`` is
       not used), for datasets without shape files.
    2. Otherwise from the sample's own ``results['pts_path']`` in
       :class:`~pointcmt.datasets.ModelNetDataset`'s layout
       ``<data_root>/<class>/<split>/<name>.<ext>``, ``<split>`` being the
       official ``train`` or ``test`` folder: e.g. ``<data_root>/airplane/
       test/airplane_0627.npy`` -> ``<img_root>/airplane/test/
       airplane_0627_001.png``. Class and split come from each sample, so
       one pipeline serves every split (the 'val' shapes are official
       'train' ones and find their images there).

    A missing view, or a view file beyond ``num_views``, raises naming the
    file. Images are read as RGB (grayscale files are expanded to 3 channels),
    optionally resized, and scaled to ``[0, 1]``.

    Required Keys:

    - pts_path (str) or img_prefix (str)

    Added Keys:

    - imgs (np.ndarray): ``(V, H, W, 3)`` float32 in ``[0, 1]``.

    Args:
        img_root (str, optional): Root of the image tree; required when the
            prefix is derived from ``pts_path``. Defaults to None.
        num_views (int): Views per shape. Defaults to 20.
        image_size (int | Sequence[int], optional): Output ``S`` or
            ``(H, W)``; ``None`` keeps the files' size, which must then agree
            across views. Defaults to None.
        suffix (str): File extension of the views. Defaults to ``'.png'``.
        interpolation (str): ``mmcv.imresize`` interpolation. Defaults to
            ``'bilinear'``.
    """

    def __init__(self,
                 img_root: Optional[str] = None,
                 num_views: int = 20,
                 image_size: Optional[Union[int, Sequence[int]]] = None,
                 suffix: str = '.png',
                 interpolation: str = 'bilinear') -> None:
        if isinstance(num_views, bool) or not isinstance(
                num_views, int) or not 1 <= num_views <= 999:
            raise ValueError(
                f'num_views must be an int in [1, 999], got {num_views!r}')
        if isinstance(image_size, int):
            image_size = (image_size, image_size)
        if image_size is not None and (len(image_size) != 2
                                       or any(not isinstance(s, int) or s < 1
                                              for s in image_size)):
            raise ValueError('image_size must be None, a positive int or '
                             f'(H, W) positive ints, got {image_size!r}')
        self.img_root = img_root
        self.num_views = num_views
        self.image_size = None if image_size is None else tuple(image_size)
        self.suffix = suffix
        self.interpolation = interpolation

    def view_prefix(self, results: dict) -> str:
        """Return ``<img_root>/<class>/<split>/<name>`` of a sample."""
        if 'img_prefix' in results:
            return results['img_prefix']
        if 'pts_path' not in results:
            raise KeyError(
                f'{type(self).__name__}: results of {sample_name(results)} '
                "need 'img_prefix' or 'pts_path' to locate the views")
        if self.img_root is None:
            raise ValueError(
                f'{type(self).__name__}: set img_root to locate the views of '
                f"{sample_name(results)} (or provide results['img_prefix'])")
        pts_path = osp.abspath(results['pts_path'])
        split_dir = osp.dirname(pts_path)
        split = osp.basename(split_dir)
        cls_name = osp.basename(osp.dirname(split_dir))
        if split not in OFFICIAL_SPLITS or not cls_name:
            raise ValueError(
                f'{type(self).__name__}: cannot tell class and split of '
                f'pts_path={results["pts_path"]!r}; expected '
                '<data_root>/<class>/<train|test>/<name>.<ext> '
                "(ModelNetDataset's layout) or results['img_prefix']")
        name = osp.splitext(osp.basename(pts_path))[0]
        return osp.join(self.img_root, cls_name, split, name)

    def _read(self, path: str, prefix: str) -> np.ndarray:
        """Read one view as ``(H, W, 3)`` uint8 RGB."""
        if not osp.isfile(path):
            found = len(glob.glob(glob.escape(prefix) + '_*' + self.suffix))
            raise FileNotFoundError(
                f'{type(self).__name__}: missing view {path!r}; expected '
                f'{self.num_views} views {prefix}_001{self.suffix} .. '
                f'_{self.num_views:03d}{self.suffix}, found {found} files '
                f'matching {prefix}_*{self.suffix}')
        img = mmcv.imread(path, flag='color', channel_order='rgb')
        if img is None:
            raise ValueError(
                f'{type(self).__name__}: cannot decode image {path!r}')
        if self.image_size is not None:
            height, width = self.image_size
            img = mmcv.imresize(
                img, (width, height), interpolation=self.interpolation)
        return img

    def transform(self, results: dict) -> dict:
        """Add ``results['imgs']`` read from disk.

        Args:
            results (dict): Result dict with ``img_prefix`` or ``pts_path``.

        Returns:
            dict: The same dict with ``imgs`` added.
        """
        prefix = self.view_prefix(results)
        paths = [
            f'{prefix}_{i:03d}{self.suffix}'
            for i in range(1, self.num_views + 1)
        ]
        views = [self._read(path, prefix) for path in paths]
        extra = f'{prefix}_{self.num_views + 1:03d}{self.suffix}'
        if osp.isfile(extra):
            raise ValueError(
                f'{type(self).__name__}: found view {extra!r} beyond '
                f'num_views={self.num_views}; set num_views to the number of '
                f'views of {prefix!r} (the official images have 20)')
        shapes = {view.shape for view in views}
        if len(shapes) != 1:
            raise ValueError(
                f'{type(self).__name__}: views of {prefix!r} differ in size '
                f'{sorted(shapes)}; set image_size to resize them')
        results['imgs'] = np.stack(views).astype(np.float32) / 255.0
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(img_root={self.img_root!r}, '
                f'num_views={self.num_views}, '
                f'image_size={self.image_size}, suffix={self.suffix!r}, '
                f'interpolation={self.interpolation!r})')


__all__ = ['LoadMultiViewImages']
