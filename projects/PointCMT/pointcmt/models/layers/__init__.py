from .shared_mlp import shared_mlp

__all__ = ['shared_mlp']
