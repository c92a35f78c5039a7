# Stage III on the embedded synthetic shapes, sized for the 15-minute main
# job (tools/run_pointcmt.py): the students on 256 of the 512 points for 8
# epochs at lr 2e-3, weight decay 0.2, translated but not rescaled (selected
# on val for the vanilla student, docs/studies/synthetic.md; this data and
# schedule replace the student's), the teacher of
# teacher_mvcnn-resnet18_synthetic.py with its features cached by
# tools/extract_teacher_features.py on the un-augmented train split (as the
# reference does), and the CMPG of cmpg_synthetic.py.
from mmengine.config import read_base

with read_base():
    from ..datasets.synthetic_shapes import *
    from ..models.cmpg import cmpg_narrow
    from ..schedules.adamw_cosine import *
    from ..teachers.synthetic import model as teacher
    from .terms import *

stage1 = 'work_dirs/teacher_mvcnn-resnet18_synthetic/'
distiller = dict(
    type='CrossModalDistiller', teacher=teacher, generator=cmpg_narrow,
    teacher_ckpt=stage1 + 'teacher.pth', teacher_feats=stage1 + 'feats.pth',
    generator_ckpt='work_dirs/cmpg_synthetic/cmpg.pth')

train_pipeline = [sample_256, normalize, *translate_augment, pack]
test_pipeline = [first_256, normalize, pack]
train_dataloader.dataset.pipeline = train_pipeline
val_dataloader.dataset.pipeline = test_pipeline
test_dataloader.dataset.pipeline = test_pipeline
optim_wrapper.optimizer.update(lr=2e-3, weight_decay=0.2)
max_epochs = 8
param_scheduler = [dict(cosine_lr, T_max=max_epochs, end=max_epochs)]
train_cfg.max_epochs = max_epochs
