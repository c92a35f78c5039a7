# PointMLP backbones (Ma et al., ICLR 2022): residual point MLPs on FPS + kNN
# neighbourhoods with the geometric affine module, each stage halving the
# points. The official classifier max-pools the last stage: pair them with
# GlobalPoolNeck(pool='max') (no MLP) and a head whose in_channels is the
# backbone's width (1024, 256, 128 below). Configs import a variant by name
# and set model.backbone, model.neck = pointmlp_neck and the head's
# in_channels.
pointmlp_neck = dict(type='GlobalPoolNeck', pool='max')

# Full width, as published (1024 points -> 512, 256, 128, 64; k = 24):
# 1024 channels; with the official 40-class head 13.24 M parameters, the
# paper's "12.6 M" (it counts in units of 2**20).
pointmlp = dict(type='PointMLP', arch='pointmlp')
# PointMLP-elite: 256 channels; 0.72 M parameters with that head ("0.68 M").
pointmlp_elite = dict(type='PointMLP', arch='pointmlp-elite')
# CPU-scale protocol (256 points -> 128, 64, 32, 16): the elite at half
# width (embedding 16), k = 16, 128 channels.
pointmlp_elite_cpu = dict(
    pointmlp_elite, embed_dim=16, k_neighbors=(16, 16, 16, 16))
