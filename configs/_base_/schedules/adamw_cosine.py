# AdamW + cosine decay by epoch (PointCMT Stage III: lr 1e-3, wd 0.05).
# A config with other epochs sets max_epochs, train_cfg.max_epochs and
# param_scheduler = cosine_lr(max_epochs); a config importing this file
# deletes cosine_lr after use (a function cannot be dumped with a config).
max_epochs = 200
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=1e-3, weight_decay=0.05))


def cosine_lr(max_epochs):
    """The cosine decay to 1e-5 over ``max_epochs`` epochs."""
    return [
        dict(
            type='CosineAnnealingLR',
            T_max=max_epochs,
            eta_min=1e-5,
            by_epoch=True,
            begin=0,
            end=max_epochs)
    ]


param_scheduler = cosine_lr(max_epochs)
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=max_epochs,
                 val_interval=1)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
# Enabled by tools/train.py --auto-scale-lr: lr * effective batch / 32, the
# effective batch being batch_size x GPUs x optim_wrapper.accumulative_counts.
auto_scale_lr = dict(enable=False, base_batch_size=32)
