"""Export the student of a ``CrossModalDistiller`` checkpoint."""
import os
import os.path as osp
from typing import Dict, Optional

import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope

from mmdet3d.registry import MODELS
from pointcmt.engine import (check_state_dict, extract_student_checkpoint,
                             load_checkpoint_file)


def export_student(config: str,
                   checkpoint: str,
                   out: str,
                   cfg_options: Optional[Dict] = None) -> Dict:
    """Write a plain ``PointClassifier`` checkpoint of a distiller's student.

    The ``student.`` weights are kept with the prefix stripped; adapter,
    optimizer and scheduler states are dropped (the frozen teacher and CMPG
    are never in distiller checkpoints); ``meta`` is kept, with
    ``exported_from``. The result loads into the vanilla classifier config
    (``model = <distiller>.student``) and predicts identically. The weights
    are checked against ``model.student`` of ``config`` before saving.

    Args:
        config (str): The ``CrossModalDistiller`` config.
        checkpoint (str): A checkpoint of that distiller.
        out (str): Output checkpoint.
        cfg_options (dict, optional): Overrides of the config.

    Returns:
        dict: The exported checkpoint, ``dict(meta=..., state_dict=...)``.
    """
    cfg = Config.fromfile(config)
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmdet3d'))
    if 'student' not in cfg.model:
        raise ValueError(f'{config}: model {cfg.model.get("type")} has no '
                         'student (a CrossModalDistiller config expected)')
    exported = extract_student_checkpoint(
        load_checkpoint_file(checkpoint), checkpoint)
    check_state_dict(
        MODELS.build(cfg.model.student),
        exported['state_dict'],
        checkpoint,
        what='student weights',
        prefix='student.')
    exported['meta']['exported_from'] = osp.abspath(checkpoint)
    os.makedirs(osp.dirname(osp.abspath(out)), exist_ok=True)
    torch.save(exported, out)
    return exported


__all__ = ['export_student']
