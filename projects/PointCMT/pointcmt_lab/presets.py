"""The end-to-end pipeline's presets: which configs, how many votes.

Config paths are relative to the repository root (the ``config_root`` of
:class:`pointcmt_lab.Pipeline`).
"""
from dataclasses import dataclass, field
from typing import Dict, Tuple

#: The trained variants of a student that have a config of their own.
VARIANTS = ('pointcmt', 'kd')


@dataclass(frozen=True)
class PipelinePreset:
    """The configs and the voting test of one protocol.

    Args:
        teacher (str): Stage I config.
        cmpg (str): Stage II config.
        students (dict): ``name -> {variant: Stage III config}``, one per
            backbone, with the variants ``'pointcmt'`` (PointCMT's terms;
            also the vanilla baseline with every term off, and the config the
            recipe study searches on) and ``'kd'`` (logit distillation).
        votes (int): Votes per voting test of a student; 0: none.
        vote_repeats (int): Voting tests per student run, each a fresh
            random draw (their mean is reported).
    """
    teacher: str
    cmpg: str
    students: Dict[str, Dict[str, str]] = field(default_factory=dict)
    votes: int = 0
    vote_repeats: int = 0


def _modelnet40_preset(scale: str, teacher: str,
                       students: Tuple[str, ...], votes: int,
                       vote_repeats: int) -> PipelinePreset:
    """The ModelNet40 preset of one config scale.

    Args:
        scale (str): The configs' name part before ``modelnet40`` (e.g.
            ``'cpu_'``; ``''`` for the paper-scale configs).
        teacher (str): The teacher configs' name part before it (the
            paper-scale teacher renders meshes: ``'mesh20_'``).
        students (tuple[str]): The students' config names (e.g.
            ``'dgcnn'``), each with a ``pointcmt_`` and a ``kd_`` config.
        votes (int): Votes per voting test of a student.
        vote_repeats (int): Voting tests per student run.

    Returns:
        PipelinePreset: The teacher, CMPG and students' configs.
    """
    return PipelinePreset(
        teacher=f'configs/teacher_mvcnn-resnet18_{teacher}modelnet40.py',
        cmpg=f'configs/cmpg_{scale}modelnet40.py',
        students={
            name: {
                variant: f'configs/{variant}_{name}_{scale}modelnet40.py'
                for variant in VARIANTS
            }
            for name in students
        },
        votes=votes,
        vote_repeats=vote_repeats)


PIPELINE_PRESETS: Dict[str, PipelinePreset] = {
    'synthetic':
    PipelinePreset(
        teacher='configs/teacher_mvcnn-resnet18_synthetic.py',
        cmpg='configs/cmpg_synthetic.py',
        students=dict(
            pointnet2={
                variant: f'configs/{variant}_pointnet2_synthetic.py'
                for variant in VARIANTS
            })),
    'modelnet40-cpu':
    _modelnet40_preset(
        'cpu_',
        'cpu_', ('pointnet2', 'dgcnn', 'pointmlp-elite'),
        votes=3,
        vote_repeats=2),
    'modelnet40':
    _modelnet40_preset(
        '', 'mesh20_', ('pointnet2', 'dgcnn'), votes=10, vote_repeats=10),
}

__all__ = ['PipelinePreset', 'PIPELINE_PRESETS', 'VARIANTS']
