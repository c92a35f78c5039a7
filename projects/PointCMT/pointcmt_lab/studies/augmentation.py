"""The augmentation: the vanilla student without the per-axis scale, and
cross-modal candidates on top of it (docs/studies/augmentation.md). The
hint variant is retired (commit 1eb3dba)."""
from ..declarations import Pilot, Variant
from ..recipes import VANILLA_OPTIONS
from .settings import (FE3, FORMER_MAIN_JOB, KD, ON_MAIN_JOB,
                       TRANSLATE_ONLY, hint, weight_decay)

STUDY = Pilot(
    preset='synthetic',
    what=ON_MAIN_JOB,
    commit='1eb3dba',
    pinned=FORMER_MAIN_JOB,
    variants={
        'vanilla': Variant(VANILLA_OPTIONS),
        'vanilla_noscale': Variant({**VANILLA_OPTIONS, **TRANSLATE_ONLY}),
        'kd_noscale': Variant(KD, on='vanilla_noscale'),
        'vanilla_noscale_wd0.2': Variant({
            **VANILLA_OPTIONS,
            **TRANSLATE_ONLY,
            **weight_decay(0.2)
        }),
        'hint1_noscale': Variant(hint(1.0), on='vanilla_noscale'),
        'fe3_noscale': Variant(FE3, on='vanilla_noscale'),
    })
