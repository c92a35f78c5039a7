# Stage I image teacher: a shared ResNet-18 over V rendered views, views
# max-pooled to one feature, linear classifier (the reference MVCNN teacher).
# Images are [0, 1] depth renderings normalised with ImageNet statistics so
# ImageNet weights can be plugged in via backbone.init_cfg.
# Configs import it with `*` (model and img_norm).
img_norm = dict(img_mean=[0.485, 0.456, 0.406], img_std=[0.229, 0.224, 0.225])
model = dict(
    type='MultiViewTeacher',
    data_preprocessor=dict(type='PointClsDataPreprocessor', **img_norm),
    backbone=dict(
        type='mmdet.ResNet',
        depth=18,
        base_channels=64,
        num_stages=4,
        out_indices=(3, ),
        norm_cfg=dict(type='BN', requires_grad=True),
        norm_eval=False,
        style='pytorch',
        # e.g. init_cfg=dict(type='Pretrained',
        #                    checkpoint='torchvision://resnet18')
        init_cfg=None),
    num_classes=40,
    feat_channels=512,
    view_pool='max',
    label_smoothing=0.0)
