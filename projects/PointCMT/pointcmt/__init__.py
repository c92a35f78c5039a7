"""PointCMT: cross-modal (image -> point) training for point-cloud classifiers.

Importing this package registers every component in mmdet3d's registries
(``MODELS``, ``DATASETS``, ``TRANSFORMS``, ``METRICS``) and installs the CPU
backend for mmcv's point ops. It imports nothing of the tools' runs
(:mod:`pointcmt.apis`, imported by the tools) or of the lab
(:mod:`pointcmt_lab`). Configs load it with
``custom_imports = dict(imports=['pointcmt'], allow_failed_imports=False)``.
"""
from . import datasets, engine, evaluation, models, ops, structures
from .engine import register_checkpoint_safe_globals

register_checkpoint_safe_globals()

__version__ = '0.1.0'

__all__ = [
    'datasets', 'engine', 'evaluation', 'models', 'ops', 'structures',
    '__version__'
]
