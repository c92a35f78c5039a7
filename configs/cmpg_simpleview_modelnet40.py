# Stage II on ModelNet40, full scale, on the points-only teacher
# (teacher_mvcnn-resnet18_simpleview_modelnet40.py): cmpg_modelnet40.py's
# settings with that teacher's views.
from mmengine.config import read_base

with read_base():
    from ._base_.teachers.modelnet40_simpleview import *
    # Last: its evaluators replace the teacher's.
    from ._base_.cmpg import *
    from ._base_.models.cmpg import cmpg

stage1 = 'work_dirs/teacher_mvcnn-resnet18_simpleview_modelnet40/'
model = dict(
    cmpg_model, data_preprocessor=model.data_preprocessor, teacher=model,
    generator=cmpg,
    teacher_ckpt=stage1 + 'teacher.pth')
optim_wrapper.accumulative_counts = 1
auto_scale_lr.base_batch_size = 32
# Stage II trains on the teacher's un-augmented pipeline.
train_dataloader.dataset.pipeline = test_pipeline
default_hooks.checkpoint = emd_checkpoint
