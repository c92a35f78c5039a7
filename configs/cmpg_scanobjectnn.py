# Stage II on ScanObjectNN, full scale: cmpg_simpleview_modelnet40.py's
# settings (CMPG 512 -> 1024 x 3, Adam lr 1e-3, 50 epochs, batch 32) on the
# teacher of teacher_mvcnn-resnet18_scanobjectnn.py, online on its 6 views;
# every split on the teacher's un-augmented pipeline.
from mmengine.config import read_base

with read_base():
    from ._base_.datasets.scanobjectnn import scanobjectnn
    from ._base_.teachers.scanobjectnn import model as teacher
    from ._base_.teachers.scanobjectnn import test_pipeline as views
    # Last: its schedule and EMD checkpoints.
    from .cmpg_simpleview_modelnet40 import *

model.update(
    teacher=teacher,
    teacher_ckpt='work_dirs/teacher_mvcnn-resnet18_scanobjectnn/teacher.pth')
train_dataloader.dataset.update(scanobjectnn, pipeline=views)
val_dataloader.dataset.update(scanobjectnn, pipeline=views)
test_dataloader.dataset.update(scanobjectnn, pipeline=views)
