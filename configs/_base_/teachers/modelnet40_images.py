# Stage I on ModelNet40 from the official pre-rendered images: the paper's
# teacher and schedule (teachers/modelnet40.py) over the 20 views
# <img_root>/<class>/<train|test>/<name>_001.png .. _020.png of each shape at
# 224 x 224 px. Each sample's class and split come from its point file
# <data_root>/<class>/<train|test>/<name>.<ext>, whose name must match the
# images'; the points ride along for Stage II.
from mmengine.config import read_base

with read_base():
    from .modelnet40 import *
    # Last: the point folder's loaders replace the meshes'.
    from ..datasets.modelnet40 import *

img_root = 'data/modelnet40_images/'
views = dict(
    type='LoadMultiViewImages', img_root=img_root, num_views=20,
    image_size=224)
train_pipeline = [load_points, sample_1024, normalize, views, pack]
test_pipeline = [load_points, first_1024, normalize, views, pack]
train_dataloader.dataset.pipeline = train_pipeline
val_dataloader.dataset.pipeline = test_pipeline
test_dataloader.dataset.pipeline = test_pipeline
