"""Pilot (issue 13): does Feature Enhancement help once the CMPG learns the
clean, complete surface instead of the student's degraded points?

Run from the repository root after the main job (python
tools/run_pointcmt.py), whose teacher, feature cache and vanilla runs it
reuses: python docs/results/synthetic_clean-cmpg/run_pilot.py
Writes work_dirs/pilot_clean/ (resumable: finished steps are skipped); the
committed summary.json was computed from its pilot.json.
"""
import json
import os
import shutil

import numpy as np
from mmcv.transforms import BaseTransform
from mmengine.config import Config

from mmdet3d.registry import TRANSFORMS
from pointcmt.apis import Pipeline
from pointcmt.datasets.readers import sample_mesh_surface


@TRANSFORMS.register_module()
class PilotCleanSurfacePoints(BaseTransform):
    """``points`` <- ``num_points`` area-weighted samples of the clean mesh
    (seeded by the sample index)."""

    def __init__(self, num_points=256):
        self.num_points = num_points

    def transform(self, results):
        results['points'] = sample_mesh_surface(
            results['mesh_vertices'], results['mesh_faces'], self.num_points,
            int(results.get('sample_idx', 0))).astype(np.float32)
        return results


WORK_DIR, MAIN_JOB = 'work_dirs/pilot_clean', 'work_dirs/run_synthetic'
if not os.path.exists(WORK_DIR):
    for step in ['teacher', 'features'] + [
            f'pointnet2_vanilla_seed{s}' for s in range(3)
    ]:
        shutil.copytree(f'{MAIN_JOB}/{step}', f'{WORK_DIR}/{step}')
    # (the copied result.json files name the main job's checkpoints)
cfg = Config.fromfile('configs/cmpg_synthetic.py')
for split in ('train', 'val', 'test'):
    dataset = cfg[f'{split}_dataloader'].dataset
    dataset.pipeline = [
        dict(type='PilotCleanSurfacePoints', num_points=t['num_points'])
        if t['type'] == 'SamplePoints' else t for t in dataset.pipeline
    ]
os.makedirs(WORK_DIR, exist_ok=True)
cmpg_config = os.path.abspath(f'{WORK_DIR}/cmpg_clean.py')
cfg.dump(cmpg_config)
pipeline = Pipeline(
    preset='synthetic', work_dir=WORK_DIR, seeds=[0, 1, 2],
    cmpg_config=cmpg_config)
teacher, cmpg, feats = pipeline.stages()
config = 'configs/pointcmt_pointnet2_synthetic.py'
shared = pipeline.stage3_options(config, teacher, cmpg, feats)
variants = {
    'fe3': {'model.use_fe': True, 'model.use_kd': False},
    'fe10': {'model.use_fe': True, 'model.use_kd': False,
             'model.loss_fe.loss_weight': 10.0},
}
results = {}
for seed in (0, 1, 2):
    vanilla = pipeline.step(f'pointnet2_vanilla_seed{seed}', config, {},
                            'test/overall_acc')
    for name, options in variants.items():
        run = pipeline.step(f'pointnet2_{name}_seed{seed}', config, {
            **shared, 'randomness.seed': seed,
            **options
        }, 'test/overall_acc')
        results.setdefault(name, []).append(
            (seed, run['best_val'], run['value'], vanilla['best_val'],
             vanilla['value']))
with open(f'{WORK_DIR}/pilot.json', 'w') as f:
    json.dump(results, f, indent=1)
