# Stage II on the embedded synthetic shapes: the CMPG turns the frozen Stage I
# teacher's 128-d feature into the shape's first 128 points (a random
# subset), 3 epochs. The teacher runs online on rendered views; its
# checkpoint is model.teacher_ckpt.
from mmengine.config import read_base

with read_base():
    from ._base_.teachers.synthetic import *
    # Last: its evaluators replace the teacher's.
    from ._base_.cmpg import *
    from ._base_.models.cmpg import cmpg_narrow

model = dict(
    cmpg_model, data_preprocessor=model.data_preprocessor, teacher=model,
    generator=cmpg_narrow,
    teacher_ckpt='work_dirs/teacher_mvcnn-resnet18_synthetic/teacher.pth')
max_epochs = 3
param_scheduler = [dict(cosine_lr, T_max=max_epochs, end=max_epochs)]
train_cfg.max_epochs = max_epochs
# Stage II trains on the teacher's un-augmented pipeline.
train_dataloader.dataset.pipeline = test_pipeline
default_hooks.checkpoint = emd_checkpoint
