# ScanObjectNN (Uy et al., ICCV 2019) from the official h5_files
# (docs/scanobjectnn.md): 15 classes, 2048 points per object, the hardest
# variant PB_T50_RS. OBJ_BG / OBJ_ONLY: set the datasets' `variant`, e.g.
#   --cfg-options train_dataloader.dataset.variant=OBJ_BG \
#       val_dataloader.dataset.variant=OBJ_BG \
#       test_dataloader.dataset.variant=OBJ_BG
# The official files have no val split: 'val' is a stratified 10 % of the
# training file (as ModelNet40's); checkpoints are selected on it and the
# test file is only used for reporting. The configs replace the ModelNet40
# loaders' source with `scanobjectnn` and set their pipelines.
#
# The students' pipeline is PointMLP's (ma-xu/pointMLP-pytorch @1ab7f04,
# classification_ScanObjectNN/ScanObjectNN.py): the first 1024 of the 2048
# points, not normalised (l. 76 `self.data[item][:self.num_points]`); for
# training a per-axis scale in [2/3, 3/2] and translation in [-0.2, 0.2]
# (l. 61-66 translate_pointcloud), then a shuffle (l. 78-80).
from mmengine.config import read_base

with read_base():
    from .modelnet40 import *

dataset_type = 'ScanObjectNNDataset'
data_root = 'data/scanobjectnn/h5_files/'
scanobjectnn = dict(
    type=dataset_type, data_root=data_root, variant='PB_T50_RS')
train_pipeline = [first_1024, *student_augment, pack]
test_pipeline = [first_1024, pack]
train_dataloader.dataset.update(scanobjectnn, pipeline=train_pipeline)
val_dataloader.dataset.update(scanobjectnn, pipeline=test_pipeline)
test_dataloader.dataset.update(scanobjectnn, pipeline=test_pipeline)
