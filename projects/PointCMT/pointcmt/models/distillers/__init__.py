from .cross_modal_distiller import REMOVED_ARGS, CrossModalDistiller
from .health import HEALTH_PREFIX, distill_health, term_grad_norms

__all__ = [
    'CrossModalDistiller', 'REMOVED_ARGS', 'HEALTH_PREFIX', 'distill_health',
    'term_grad_norms'
]
