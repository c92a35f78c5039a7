from . import (backbones, classifiers, data_preprocessors, distillers,
               generators, heads, losses, necks, teachers)

__all__ = [
    'backbones', 'classifiers', 'data_preprocessors', 'distillers',
    'generators', 'heads', 'losses', 'necks', 'teachers'
]
