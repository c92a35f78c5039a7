"""Voting test-time augmentation set up on a test config."""
import copy
from typing import Tuple

from mmengine.config import Config, ConfigDict

__all__ = ['apply_voting_cfg']


def apply_voting_cfg(cfg: Config, votes: int,
                     scale: Tuple[float, float] = (0.85, 1.15)) -> Config:
    """Turn ``cfg``'s test into a voting test, in place.

    The test pipeline's last transform (packing) runs after a
    ``TestTimeAug`` that applies ``votes`` independent random per-axis
    scalings in ``scale`` (PointNet++/PointMLP's voting), each packed on its
    own; the model is wrapped in ``PointClsTTAModel``, which averages the
    votes' scores.

    Args:
        cfg (Config): A config with ``test_dataloader`` and ``model``.
        votes (int): Number of scaled copies, >= 1.
        scale (tuple[float, float]): Per-axis scale range of the votes.

    Returns:
        Config: ``cfg``.
    """
    if votes < 1:
        raise ValueError(f'voting needs votes >= 1, got {votes}')
    pipeline = copy.deepcopy(cfg.test_dataloader.dataset.pipeline)
    pack = pipeline.pop()
    if pack.get('type') != 'PackPointClsInputs':
        raise ValueError('voting needs the test pipeline to end with '
                         f'PackPointClsInputs, got {pack.get("type")}')
    scale_t = dict(type='RandomScaleTranslatePoints', scale_range=scale,
                   translate_range=(0.0, 0.0))
    pipeline.append(
        dict(type='TestTimeAug', transforms=[[scale_t] * votes, [pack]]))
    cfg.test_dataloader.dataset.pipeline = pipeline
    cfg.model = ConfigDict(type='PointClsTTAModel', module=cfg.model)
    return cfg
