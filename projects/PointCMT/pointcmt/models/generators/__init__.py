from .cmpg import CMPG
from .cmpg_pretrain_model import CMPGPretrainModel

__all__ = ['CMPG', 'CMPGPretrainModel']
