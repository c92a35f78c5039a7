# AdamW (lr 1e-3, weight decay 0.05: PointCMT's Stage III) with a cosine
# decay to 1e-5 over the epochs. A config with other epochs sets
# train_cfg.max_epochs and param_scheduler = [dict(cosine_lr, T_max=E, end=E)].
max_epochs = 200
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=1e-3, weight_decay=0.05))
cosine_lr = dict(
    type='CosineAnnealingLR',
    T_max=max_epochs,
    eta_min=1e-5,
    by_epoch=True,
    begin=0,
    end=max_epochs)
param_scheduler = [cosine_lr]
train_cfg = dict(
    type='EpochBasedTrainLoop', max_epochs=max_epochs, val_interval=1)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
# tools/train.py --auto-scale-lr: lr x effective batch / base_batch_size,
# the effective batch being batch_size x GPUs x accumulative_counts.
auto_scale_lr = dict(enable=False, base_batch_size=32)
