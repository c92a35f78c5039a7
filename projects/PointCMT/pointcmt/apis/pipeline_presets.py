"""The end-to-end pipeline's presets: which configs, how many votes.

Config paths are relative to the repository root (the ``config_root`` of
:class:`pointcmt.apis.Pipeline`).
"""
from dataclasses import dataclass, field
from typing import Dict


@dataclass(frozen=True)
class PipelinePreset:
    """The configs and the voting test of one protocol.

    Args:
        teacher (str): Stage I config.
        cmpg (str): Stage II config.
        students (dict): ``name -> Stage III config``, one per backbone.
        votes (int): Votes per voting test of a student; 0: none.
        vote_repeats (int): Voting tests per student run, each a fresh
            random draw (their mean is reported).
    """
    teacher: str
    cmpg: str
    students: Dict[str, str] = field(default_factory=dict)
    votes: int = 0
    vote_repeats: int = 0


PIPELINE_PRESETS: Dict[str, PipelinePreset] = {
    'synthetic':
    PipelinePreset(
        teacher='configs/teacher_mvcnn-resnet18_synthetic.py',
        cmpg='configs/cmpg_synthetic.py',
        students=dict(pointnet2='configs/pointcmt_pointnet2_synthetic.py')),
    'modelnet40-cpu':
    PipelinePreset(
        teacher='configs/teacher_mvcnn-resnet18_cpu_modelnet40.py',
        cmpg='configs/cmpg_cpu_modelnet40.py',
        students=dict(
            pointnet2='configs/pointcmt_pointnet2_cpu_modelnet40.py',
            dgcnn='configs/pointcmt_dgcnn_cpu_modelnet40.py'),
        votes=3,
        vote_repeats=2),
    'modelnet40':
    PipelinePreset(
        teacher='configs/teacher_mvcnn-resnet18_modelnet40.py',
        cmpg='configs/cmpg_modelnet40.py',
        students=dict(
            pointnet2='configs/pointcmt_pointnet2_modelnet40.py',
            dgcnn='configs/pointcmt_dgcnn_modelnet40.py'),
        votes=10,
        vote_repeats=10),
}

__all__ = ['PipelinePreset', 'PIPELINE_PRESETS']
