"""PointMLP-elite (CPU-scale width) in the ModelNet40 CPU protocol
(docs/studies/pointmlp-elite.md): the third student's vanilla at the
settings the modelnet40-cpu study selected on val for PointNet++ SSG."""
from ..declarations import Pilot, Variant
from ..recipes import SEARCH_SPACE

STUDY = Pilot(
    preset='modelnet40-cpu',
    what=('PointMLP-elite (CPU-scale width, 256 points, 20 epochs) at the '
          'vanilla settings the modelnet40-cpu study selected on val '
          '(lr 2e-3), not re-tuned for it'),
    commit='96571f0',
    students=('pointmlp-elite', ),
    variants=dict(vanilla=Variant(SEARCH_SPACE['vanilla']['lr_2e-3'])))
