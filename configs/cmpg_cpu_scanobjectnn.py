# CPU-scale Stage II on ScanObjectNN: cmpg_cpu_modelnet40.py's settings (CMPG
# 128 -> 128 x 3, 3 epochs) on the teacher of
# teacher_mvcnn-resnet18_cpu_scanobjectnn.py, whose views the data
# preprocessor renders; every split on the teacher's un-augmented pipeline.
from mmengine.config import read_base

with read_base():
    from ._base_.datasets.scanobjectnn import scanobjectnn
    from ._base_.teachers.cpu_scanobjectnn import model as teacher
    from ._base_.teachers.cpu_scanobjectnn import test_pipeline as points
    # Last: its schedule and EMD checkpoints.
    from .cmpg_cpu_modelnet40 import *

stage1 = 'work_dirs/teacher_mvcnn-resnet18_cpu_scanobjectnn/'
model.update(teacher=teacher, teacher_ckpt=stage1 + 'teacher.pth')
train_dataloader.dataset.update(scanobjectnn, pipeline=points)
val_dataloader.dataset.update(scanobjectnn, pipeline=points)
test_dataloader.dataset.update(scanobjectnn, pipeline=points)
