from .chamfer_loss import ChamferLoss
from .emd_loss import EMDLoss
from .feature_hint_loss import FeatureHintLoss
from .kl_loss import LogitKLLoss
from .point_set_utils import normalize_unit_box
from .precision import fp32_forward

__all__ = [
    'EMDLoss', 'ChamferLoss', 'FeatureHintLoss', 'LogitKLLoss',
    'normalize_unit_box', 'fp32_forward'
]
