"""Pilot (issue 13): does Feature Enhancement help once the CMPG learns the
clean, complete surface instead of the student's degraded points?

Run from the repository root after the main job (python
tools/run_pointcmt.py), whose teacher, feature cache and vanilla runs it
reuses: python docs/results/synthetic_clean-cmpg/run_pilot.py
Writes work_dirs/pilot_clean/ (resumable: finished steps are skipped) and
the summary next to this script (summary.json: per-seed val/test of each
variant and of vanilla, paired means and stds).
"""
import json
import os
import shutil
import statistics

import numpy as np
from mmcv.transforms import BaseTransform
from mmengine.config import Config

from mmdet3d.registry import TRANSFORMS
from pointcmt_lab import Pipeline
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
runs = {name: [] for name in variants}
for seed in (0, 1, 2):
    vanilla = pipeline.step(f'pointnet2_vanilla_seed{seed}', config, {},
                            'test/overall_acc')
    for name, options in variants.items():
        run = pipeline.step(f'pointnet2_{name}_seed{seed}', config, {
            **shared, 'randomness.seed': seed,
            **options
        }, 'test/overall_acc')
        runs[name].append(
            dict(
                seed=seed,
                val=round(run['best_val']['best_score'], 2),
                test=round(run['value'], 2),
                vanilla_val=round(vanilla['best_val']['best_score'], 2),
                vanilla_test=round(vanilla['value'], 2)))


def paired(rows, split):
    diffs = [row[split] - row[f'vanilla_{split}'] for row in rows]
    return [
        round(statistics.mean(diffs), 2),
        round(statistics.stdev(diffs), 2)
    ]


summary = dict(
    what=('Stage II CMPG trained on the clean, complete surface; Stage III '
          'Feature Enhancement alone at weights 3 and 10, 8 epochs, seeds '
          '0-2; the main job\'s teacher, feature cache and vanilla runs '
          'reused'),
    cmpg_test_emd_clean_target=round(cmpg['value'], 4),
    runs=runs,
    paired_mean_std={
        name: dict(val=paired(rows, 'val'), test=paired(rows, 'test'))
        for name, rows in runs.items()
    })
with open(os.path.join(os.path.dirname(__file__), 'summary.json'), 'w') as f:
    json.dump(summary, f, indent=1)
