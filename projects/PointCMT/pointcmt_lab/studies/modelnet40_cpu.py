"""The recipe study on ModelNet40 at CPU scale
(docs/studies/modelnet40-cpu.md)."""
from ..declarations import Recipe

STUDY = Recipe(
    preset='modelnet40-cpu',
    what=('Do the cross-modal terms beat a vanilla student tuned with the '
          'same care, on ModelNet40 at CPU scale?'),
    commit='81dc885',
    students=('pointnet2', 'dgcnn'))
