# CPU-scale Stage II on ModelNet40: the CMPG maps the CPU-scale teacher's
# 128-d feature to 128 points, 3 epochs.
from mmengine.config import read_base

with read_base():
    from ._base_.teachers.cpu_modelnet40 import *
    # Last: its evaluators replace the teacher's.
    from ._base_.cmpg import *
    from ._base_.models.cmpg import cmpg_narrow

model = dict(
    cmpg_model, data_preprocessor=model.data_preprocessor, teacher=model,
    generator=cmpg_narrow,
    teacher_ckpt='work_dirs/teacher_mvcnn-resnet18_cpu_modelnet40/teacher.pth')
max_epochs = 3
train_cfg.max_epochs = max_epochs
# Stage II trains on the teacher's un-augmented pipeline.
train_dataloader.dataset.pipeline = test_pipeline
default_hooks.checkpoint = emd_checkpoint
