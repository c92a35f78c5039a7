# Cross-modal point generators (Stage II, frozen in Stage III): dropout and a
# linear map of the teacher feature to a point set, the reference's
# Dropout -> Linear(512, 1024 x 3). Configs import a variant by name.
cmpg = dict(type='CMPG', in_channels=512, num_points=1024)
# CPU-sized: 128-d features (the CPU-sized teachers') to 128 points.
cmpg_narrow = dict(cmpg, in_channels=128, num_points=128)
