from .cross_modal_distiller import (LOSS_KD, REFERENCE_LOSS_CE,
                                    REFERENCE_LOSS_FE, TEACHER_FEAT_NORMS,
                                    CrossModalDistiller)
from .health import HEALTH_PREFIX, distill_health, term_grad_norms

__all__ = [
    'CrossModalDistiller', 'TEACHER_FEAT_NORMS', 'REFERENCE_LOSS_FE',
    'REFERENCE_LOSS_CE', 'LOSS_KD', 'HEALTH_PREFIX',
    'distill_health', 'term_grad_norms'
]
