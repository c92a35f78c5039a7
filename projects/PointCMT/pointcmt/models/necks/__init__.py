from .global_pool_neck import GlobalPoolNeck

__all__ = ['GlobalPoolNeck']
