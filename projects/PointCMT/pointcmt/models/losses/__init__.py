from .chamfer_loss import ChamferLoss
from .emd_loss import EMDLoss
from .kl_loss import LogitKLLoss
from .point_set_utils import normalize_unit_box
from .precision import fp32_forward

__all__ = [
    'EMDLoss', 'ChamferLoss', 'LogitKLLoss', 'normalize_unit_box',
    'fp32_forward'
]
