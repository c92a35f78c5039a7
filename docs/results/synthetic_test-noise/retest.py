"""Issue 13: how much of a PointCMT - vanilla difference on the embedded
data is test-sampling noise? Re-test trained Stage III runs (the checkpoint
each selected on val) on a test split of N shapes per class and compare
with their result on the 30-per-class split they were tested on.

Run from the repository root, after the runs exist:

    python docs/results/synthetic_test-noise/retest.py retest OUT.json N \
        work_dirs/<run>/pointnet2_<kind>_seed<k> ...
    python docs/results/synthetic_test-noise/retest.py summarise OUT.json ...

``retest`` appends each run's ``small`` (its result.json), ``big`` (the N
per class test) and ``val`` accuracy to OUT.json (finished runs are
skipped). ``summarise`` writes to summary.json next to the first file, and
prints, over the runs of the given files: the std of small - big per run
and per vanilla/PointCMT pair of the same work dir and seed, and each work
dir's paired PointCMT - vanilla on the big split.
"""
import glob
import json
import os.path as osp
import re
import sys

from pointcmt.apis import run_test
from pointcmt_lab import seed_stats


def retest(out_file, per_class, run_dirs):
    out = json.load(open(out_file)) if osp.exists(out_file) else {}
    for run_dir in run_dirs:
        name = osp.relpath(run_dir, 'work_dirs').replace('/', '__')
        if name in out:
            continue
        result = json.load(open(osp.join(run_dir, 'result.json')))
        root = osp.dirname(osp.realpath(run_dir))
        options = {'test_dataloader.dataset.num_samples_per_class': per_class}
        # The work dir's own Stage I/II checkpoints (the dumped config may
        # name a folder that has since moved).
        for key, step in (('model.teacher_ckpt', 'teacher'),
                          ('model.generator_ckpt', 'cmpg')):
            step_result = osp.join(root, step, 'result.json')
            if osp.exists(step_result):
                options[key] = json.load(open(step_result))['checkpoint']
        metrics = run_test(
            glob.glob(osp.join(run_dir, '*.py'))[0], result['checkpoint'],
            osp.join('work_dirs', 'retest', name), options)
        out[name] = dict(
            small=result['value'], big=metrics['test/overall_acc'],
            val=result['best_val']['best_score'])
        with open(out_file, 'w') as f:
            json.dump(out, f, indent=1)


def summarise(files):
    runs = {}
    for file in files:
        runs.update(json.load(open(file)))
    groups = {}
    for name, row in runs.items():
        root, kind, seed = re.fullmatch(r'(.*)__pointnet2_(.*)_seed(\d+)',
                                        name).groups()
        groups.setdefault(root, {}).setdefault(kind, {})[int(seed)] = row

    def std(values):
        return seed_stats(values, 2)['std']

    def vanilla_of(root):
        """The work dir's vanilla runs, else those of the longest work dir
        its name extends (a variant's dir that reused them by symlink, as
        ``exp_syn_e14_fe3`` did ``exp_syn_e14``'s)."""
        owners = [r for r in groups if root.startswith(r)
                  and 'vanilla' in groups[r]]
        return groups[max(owners, key=len)]['vanilla'] if owners else None

    pairs = {}
    for root, kinds in groups.items():
        vanilla = vanilla_of(root)
        for kind, seeds in kinds.items():
            if kind == 'vanilla' or not vanilla:
                continue
            rows = [(seeds[s], vanilla[s]) for s in sorted(seeds)
                    if s in vanilla]
            pairs[f'{root}/{kind}'] = rows
    summary = dict(
        runs=len(runs),
        std_small_minus_big_per_run=std(
            [r['small'] - r['big'] for r in runs.values()]),
        std_small_minus_big_per_pair=std([
            (p['small'] - v['small']) - (p['big'] - v['big'])
            for rows in pairs.values() for p, v in rows
        ]),
        big_minus_vanilla={
            key: seed_stats([p['big'] - v['big'] for p, v in rows], 2)
            for key, rows in pairs.items() if len(rows) > 1
        })
    with open(osp.join(osp.dirname(files[0]), 'summary.json'), 'w') as f:
        json.dump(summary, f, indent=1)
    print(json.dumps(summary, indent=1))
    return summary


if __name__ == '__main__':
    if sys.argv[1] == 'retest':
        retest(sys.argv[2], int(sys.argv[3]), sys.argv[4:])
    else:
        summarise(sys.argv[2:])
