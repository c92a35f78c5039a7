"""A tiny ``MultiViewTeacher`` config (ResNet-18 at 8 base channels)."""


def tiny_teacher_cfg(num_classes: int = 3, **overrides) -> dict:
    """The config of a fast ``MultiViewTeacher`` with 64-d features.

    Args:
        num_classes (int): Classes of its head.
        **overrides: Keys replacing or extending the config.

    Returns:
        dict: A ``MODELS.build``-able config.
    """
    cfg = dict(
        type='MultiViewTeacher',
        backbone=dict(
            type='mmdet.ResNet',
            depth=18,
            base_channels=8,
            num_stages=4,
            out_indices=(3, ),
            norm_eval=False),
        num_classes=num_classes,
        feat_channels=64)
    cfg.update(overrides)
    return cfg
