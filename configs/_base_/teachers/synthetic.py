# Stage I on the embedded synthetic shapes, CPU-sized,
# teacher_mvcnn-resnet18_synthetic.py: ResNet-18 with 16 base channels
# (feature 128), 5 epochs, on 6 SimpleView views of 32 x 32 px rendered from
# each sample's clean, complete, shaded mesh (the dataset's mesh_vertices /
# mesh_faces), while the students get its sparse, noisy, partly occluded
# points. The points ride along for Stage II (the CMPG's target) and are not
# seen by the teacher.
from mmengine.config import read_base

with read_base():
    from ..datasets.synthetic_shapes import *
    from ..default_runtime import *
    from ..models.mvcnn_resnet18_teacher import *
    from ..schedules.adamw_cosine import *

render = dict(
    type='RenderMeshViews', views='simpleview6', image_size=32, mode='shaded')
train_pipeline = [sample_256, normalize, render, pack]
test_pipeline = [first_256, normalize, render, pack]
train_dataloader.dataset.pipeline = train_pipeline
val_dataloader.dataset.pipeline = test_pipeline
test_dataloader.dataset.pipeline = test_pipeline

model.update(
    backbone=dict(base_channels=16), num_classes=13, feat_channels=128)
max_epochs = 5
optim_wrapper.optimizer = dict(type='Adam', lr=1e-3, weight_decay=1e-4)
param_scheduler = [dict(cosine_lr, T_max=max_epochs, end=max_epochs)]
train_cfg.max_epochs = max_epochs
