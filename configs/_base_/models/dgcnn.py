# DGCNN backbones: mmdet3d's DGCNNBackbone, three EdgeConvs on k-NN graphs
# (the first in xyz, the others in feature space), whose feature aggregation
# (FA) output, global + 3 x edge channels per point, feeds the classifier's
# neck. Configs import a variant by name.

# Full width: k = 20, 64 + 3 x 64 = 256 channels.
dgcnn = dict(
    type='DGCNNBackbone',
    in_channels=3,
    num_samples=(20, 20, 20),
    knn_modes=('D-KNN', 'F-KNN', 'F-KNN'),
    radius=(None, None, None),
    gf_channels=((64, 64), (64, 64), (64, )),
    fa_channels=(64, ),
    act_cfg=dict(type='LeakyReLU', negative_slope=0.2))
# CPU-sized: k = 16, 32 + 3 x 32 = 128 channels.
dgcnn_narrow = dict(
    dgcnn, num_samples=(16, 16, 16), gf_channels=((32, 32), (32, 32), (32, )),
    fa_channels=(32, ))
# CPU-scale protocol: k = 10 (on 128 points), as its EdgeConvs on N x k
# neighbourhoods cost 4x the PointNet++ SSG step at 256 points.
dgcnn_cpu = dict(dgcnn_narrow, num_samples=(10, 10, 10))
