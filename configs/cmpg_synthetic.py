# Stage II on the embedded synthetic shapes: train the cross-modal point
# generator (CMPG) to turn the frozen Stage I teacher's feature into the
# shape's first 128 points (a random subset), with 30 x EMD (reference
# weight). The teacher runs online on rendered views; pass its checkpoint with
#   --cfg-options model.teacher_ckpt=work_dirs/<stage I run>/<ckpt>.pth
from mmengine.config import read_base

with read_base():
    from ._base_.schedules.adamw_cosine import cosine_lr
    from ._base_.teachers.synthetic import *
    # Last: its evaluators replace the teacher's.
    from ._base_.cmpg import *

teacher_ckpt = 'work_dirs/teacher_mvcnn-resnet18_synthetic/teacher.pth'
model, train_dataloader, default_hooks = cmpg_pretrain(
    model, train_dataloader, test_pipeline, default_hooks,
    teacher_ckpt=teacher_ckpt,
    generator=dict(type='CMPG', in_channels=128, num_points=128, dropout=0.5))
max_epochs = 3
param_scheduler = cosine_lr(max_epochs)
train_cfg.max_epochs = max_epochs
del cmpg_pretrain, cosine_lr
