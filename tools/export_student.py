"""Export the student of a CrossModalDistiller checkpoint.

Example::

    python tools/export_student.py configs/pointcmt_pointnet2_modelnet40.py \
        work_dirs/pointcmt/best.pth work_dirs/pointcmt/student.pth

Writes a plain ``PointClassifier`` checkpoint: the ``student.`` weights
with the prefix stripped; adapter, optimizer and scheduler states dropped
(the frozen teacher and CMPG are never in distiller checkpoints); ``meta``
kept. It loads into the vanilla classifier config (``model =
<distiller>.student``) and predicts identically. The weights are checked
against ``model.student`` of CONFIG before saving.
"""
import argparse
import os
import os.path as osp

import torch
from mmengine.config import Config, DictAction
from mmengine.registry import init_default_scope

import pointcmt  # noqa: F401  (registers the plugin)
from mmdet3d.registry import MODELS
from pointcmt.engine import (check_state_dict, extract_student_checkpoint,
                             load_checkpoint_file)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Export the student of a distiller checkpoint')
    parser.add_argument('config', help='CrossModalDistiller config')
    parser.add_argument('checkpoint', help='distiller checkpoint')
    parser.add_argument('out', help='output PointClassifier checkpoint')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config settings, key=value')
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    cfg = Config.fromfile(args.config)
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmdet3d'))
    if 'student' not in cfg.model:
        raise ValueError(f'{args.config}: model {cfg.model.get("type")} has '
                         'no student (a CrossModalDistiller config expected)')

    exported = extract_student_checkpoint(
        load_checkpoint_file(args.checkpoint), args.checkpoint)
    student = MODELS.build(cfg.model.student)
    check_state_dict(
        student,
        exported['state_dict'],
        args.checkpoint,
        what='student weights',
        prefix='student.')
    exported['meta']['exported_from'] = osp.abspath(args.checkpoint)
    os.makedirs(osp.dirname(osp.abspath(args.out)), exist_ok=True)
    torch.save(exported, args.out)
    print(f'Saved {len(exported["state_dict"])} student tensors to '
          f'{args.out}')


if __name__ == '__main__':
    main()
