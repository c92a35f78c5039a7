# CPU-scale Stage II on ModelNet40: CMPG 128 -> 128 x 3 on the frozen
# CPU-scale teacher, 3 epochs.
from mmengine.config import read_base

with read_base():
    from ._base_.teachers.cpu_modelnet40 import *
    # Last: its evaluators replace the teacher's.
    from ._base_.cmpg import *

model, train_dataloader, default_hooks = cmpg_pretrain(
    model, train_dataloader, test_pipeline, default_hooks,
    teacher_ckpt='work_dirs/teacher_mvcnn-resnet18_cpu_modelnet40/teacher.pth',
    generator=dict(type='CMPG', in_channels=128, num_points=128))
# 3 epochs of the teacher's 20-epoch cosine decay.
max_epochs = 3
train_cfg.max_epochs = max_epochs
del cmpg_pretrain
