# Stage II on ModelNet40, full scale, on the teacher of the official
# images (teacher_mvcnn-resnet18_official-images_modelnet40.py):
# cmpg_modelnet40.py with that teacher's data and checkpoint.
from mmengine.config import read_base

with read_base():
    from .cmpg_modelnet40 import *
    # Last: the loaders of that teacher's views replace the meshes'.
    from ._base_.teachers.modelnet40_images import (
        test_dataloader, test_pipeline, train_dataloader, val_dataloader)

stage1 = 'work_dirs/teacher_mvcnn-resnet18_official-images_modelnet40/'
model.teacher_ckpt = stage1 + 'teacher.pth'
# Stage II trains on the teacher's un-augmented pipeline.
train_dataloader.dataset.pipeline = test_pipeline
