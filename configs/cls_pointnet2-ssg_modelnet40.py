# PointNet++ SSG on ModelNet40, full scale (GPU): 1024 points, 200 epochs.
_base_ = [
    '_base_/models/pointnet2-ssg_cls.py', '_base_/datasets/modelnet40.py',
    '_base_/schedules/adamw_cosine.py', '_base_/default_runtime.py'
]
