# The CPU-scale ModelNet40 classifier (cls_pointnet2-ssg_cpu_modelnet40.py),
# the student of the CPU-scale protocol (docs/studies/modelnet40-cpu.md): 256
# of the 1024 points, the CPU-sized network (SA on 64 and 16 centres, 128-d
# feature), 20 epochs, AdamW at lr 2e-3 (selected on val for the vanilla
# student). Not the paper's protocol (1024 points, full width, 1000 GPU
# epochs). The other CPU-scale classifiers import it and set model.backbone.
from mmengine.config import read_base

with read_base():
    from ..models.point_classifier import model_narrow
    from .modelnet40 import *

model = model_narrow
train_pipeline = [load_points, sample_256, normalize, *student_augment, pack]
test_pipeline = [load_points, first_256, normalize, pack]
train_dataloader.dataset.pipeline = train_pipeline
val_dataloader.dataset.pipeline = test_pipeline
test_dataloader.dataset.pipeline = test_pipeline
# Loading in the main process: on 2 cores a loader process slows the
# training threads more than it saves.
loader = dict(num_workers=0, persistent_workers=False)
train_dataloader.update(loader)
val_dataloader.update(loader)
test_dataloader.update(loader)

max_epochs = 20
optim_wrapper.optimizer.lr = 2e-3
param_scheduler = [dict(cosine_lr, T_max=max_epochs, end=max_epochs)]
train_cfg.max_epochs = max_epochs
default_hooks.logger.interval = 50
