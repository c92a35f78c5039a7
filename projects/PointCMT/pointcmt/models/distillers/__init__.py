from .cross_modal_distiller import TEACHER_FEAT_NORMS, CrossModalDistiller
from .health import HEALTH_PREFIX, distill_health, term_grad_norms

__all__ = [
    'CrossModalDistiller', 'TEACHER_FEAT_NORMS', 'HEALTH_PREFIX',
    'distill_health', 'term_grad_norms'
]
