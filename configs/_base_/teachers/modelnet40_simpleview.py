# Stage I on ModelNet40, full scale, points only (the fallback when no meshes
# or images are at hand): the paper's teacher and schedule
# (teachers/modelnet40.py) over 6 SimpleView projections of the 1024 points
# of data/modelnet40_1024 at 128 x 128 px (as before the paper's teacher
# shipped; the CPU-scale teacher starts from it).
from mmengine.config import read_base

with read_base():
    from .modelnet40 import *
    # Last: the point folder's loaders replace the meshes'.
    from ..datasets.modelnet40 import *

render = dict(
    type='RenderMultiView',
    views='simpleview6',
    image_size=128,
    radius=1,
    mode='depth')
train_pipeline = [
    load_points, sample_1024, normalize, *teacher_augment, render, pack
]
test_pipeline = [load_points, first_1024, normalize, render, pack]
train_dataloader.dataset.pipeline = train_pipeline
val_dataloader.dataset.pipeline = test_pipeline
test_dataloader.dataset.pipeline = test_pipeline
