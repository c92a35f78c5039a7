# Stage II on ModelNet40, full scale (the reference): the CMPG maps the 512-d
# feature of the paper's teacher (teacher_mvcnn-resnet18_mesh20_modelnet40.py,
# online on its 20 mesh views) to 1024 points; Adam lr 1e-3, weight decay
# 1e-4, 50 epochs, batch 32, no accumulation. For the other full-scale
# teachers: cmpg_simpleview_modelnet40.py, cmpg_official-images_modelnet40.py.
from mmengine.config import read_base

with read_base():
    from ._base_.teachers.modelnet40 import *
    # Last: its evaluators replace the teacher's.
    from ._base_.cmpg import *
    from ._base_.models.cmpg import cmpg

stage1 = 'work_dirs/teacher_mvcnn-resnet18_mesh20_modelnet40/'
model = dict(
    cmpg_model, data_preprocessor=model.data_preprocessor, teacher=model,
    generator=cmpg,
    teacher_ckpt=stage1 + 'teacher.pth')
optim_wrapper.accumulative_counts = 1
auto_scale_lr.base_batch_size = 32
# Stage II trains on the teacher's un-augmented pipeline.
train_dataloader.dataset.pipeline = test_pipeline
default_hooks.checkpoint = emd_checkpoint
