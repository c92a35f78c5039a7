from .cross_modal_distiller import CrossModalDistiller

__all__ = ['CrossModalDistiller']
