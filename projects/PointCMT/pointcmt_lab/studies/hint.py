"""The feature hint in the main job's 8-epoch setting, seed 0
(docs/studies/hint.md). The hint variants are retired (commit 1eb3dba)."""
from ..declarations import Pilot, Variant
from ..recipes import VANILLA_OPTIONS
from .settings import FORMER_MAIN_JOB, KD, ON_MAIN_JOB, hint

STUDY = Pilot(
    preset='synthetic',
    what=ON_MAIN_JOB,
    commit='1eb3dba',
    seeds=(0, ),
    pinned=FORMER_MAIN_JOB,
    variants=dict(
        vanilla=Variant(VANILLA_OPTIONS),
        kd=Variant(KD, on='vanilla'),
        hint1=Variant(hint(1.0), on='vanilla'),
        hint10=Variant(hint(10.0), on='vanilla'),
    ))
