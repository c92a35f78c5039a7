# Stage II on ModelNet40, full scale: CMPG (dropout + linear 512 -> 1024 x 3)
# trained with 30 x EMD against the real 1024 points, frozen teacher online.
#   --cfg-options model.teacher_ckpt=<Stage I checkpoint>
from mmengine.config import read_base

with read_base():
    from ._base_.teachers.modelnet40 import *
    # Last: its evaluators replace the teacher's.
    from ._base_.cmpg import *

model, train_dataloader, default_hooks = cmpg_pretrain(
    model, train_dataloader, test_pipeline, default_hooks,
    teacher_ckpt='work_dirs/teacher_mvcnn-resnet18_modelnet40/teacher.pth',
    generator=dict(type='CMPG', in_channels=512, num_points=1024))
optim_wrapper.accumulative_counts = 1
auto_scale_lr.base_batch_size = 32
del cmpg_pretrain
