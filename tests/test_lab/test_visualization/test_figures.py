"""The figures of pointcmt_lab.visualization, written as PNG files."""
import json
import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.config import Config

from mmdet3d.registry import MODELS
from pointcmt.models import save_teacher_feature_cache
from pointcmt_lab.visualization import (draw_cmpg, draw_confusion,
                                        draw_curves, draw_pipeline,
                                        draw_views, find_confusion_json,
                                        find_scalars, load_scalars)
PNG_MAGIC = b'\x89PNG\r\n\x1a\n'
CLASSES = ['sphere', 'box', 'cone']
NUM_POINTS = 32
GENERATOR = dict(type='CMPG', in_channels=8, num_points=NUM_POINTS)


def check_png(path, min_size=2000):
    assert osp.isfile(path), path
    with open(path, 'rb') as f:
        data = f.read()
    assert data[:8] == PNG_MAGIC
    assert min_size < len(data) < 300_000
    width, height = np.frombuffer(data[16:24], dtype='>u4')
    assert min(width, height) >= 100 and max(width, height) >= 300


def write_config(path, pipeline, model=None):
    dataset = dict(
        type='SyntheticShapesDataset',
        split='test',
        num_samples_per_class=2,
        num_points=64,
        metainfo=dict(classes=CLASSES),
        pipeline=pipeline)
    cfg = dict(
        default_scope='mmdet3d',
        test_dataloader=dict(batch_size=2, dataset=dataset),
        val_dataloader=dict(batch_size=2, dataset=dict(dataset, split='val')))
    if model is not None:
        cfg['model'] = model
    Config(cfg).dump(str(path))
    return str(path)


def test_views_with_and_without_renderer(tmp_path):
    plain = write_config(tmp_path / 'plain.py', [
        dict(type='NormalizePointsToUnitSphere'),
        dict(type='PackPointClsInputs')
    ])
    out = str(tmp_path / 'views.png')
    assert draw_views(
        plain, out, indices=[0, 5], render_views='ring12',
        image_size=16) == out
    check_png(out)

    rendered = write_config(tmp_path / 'rendered.py', [
        dict(type='RenderMultiView', views='simpleview6', image_size=24),
        dict(type='PackPointClsInputs')
    ])
    out2 = str(tmp_path / 'sub' / 'views2.png')
    draw_views(rendered, out2, indices=[1], split='val')
    check_png(out2)

    with pytest.raises(ValueError, match='index 6 is out of range.*6 '):
        draw_views(plain, out, indices=[0, 6])
    with pytest.raises(FileNotFoundError, match='nope.py'):
        draw_views(str(tmp_path / 'nope.py'), out)
    with pytest.raises(ValueError, match='train_dataloader'):
        draw_views(plain, out, split='train')
    with pytest.raises(ValueError, match='.png'):
        draw_views(plain, str(tmp_path / 'views.jpg'))


def test_mesh_views_next_to_student_points(tmp_path, monkeypatch):
    """A teacher's shaded mesh views are drawn as they are (no point
    renderer appended), next to the points a student config gets of the
    same samples; a points config over other samples is refused."""
    from pointcmt_lab.visualization import figures
    teacher = write_config(tmp_path / 'teacher.py', [
        dict(type='RenderMeshViews', views='simpleview6', image_size=16),
        dict(type='PackPointClsInputs')
    ])
    student = write_config(tmp_path / 'student.py', [
        dict(type='NormalizePointsToUnitSphere'),
        dict(type='PackPointClsInputs')
    ])
    seen = {}
    plot = figures.plot_view_grid

    def spy(images, row_labels, view_labels=None, points=None):
        seen.update(images=images, view_labels=view_labels, points=points)
        return plot(images, row_labels, view_labels, points)

    monkeypatch.setattr(figures, 'plot_view_grid', spy)
    out = str(tmp_path / 'views.png')
    draw_views(teacher, out, indices=[0, 3], points_config=student)
    check_png(out)
    assert seen['images'].shape == (2, 6, 16, 16, 3)
    assert len(seen['view_labels']) == 6
    assert [p.shape for p in seen['points']] == [(64, 3), (64, 3)]
    other = tmp_path / 'other.py'
    cfg = Config.fromfile(student)
    cfg.test_dataloader.dataset.num_samples_per_class = 3
    cfg.dump(str(other))
    with pytest.raises(ValueError, match='#2 has label 0.*has 1'):
        draw_views(teacher, out, indices=[2], points_config=str(other))


def test_cmpg_cached_features(tmp_path):
    cache = str(tmp_path / 'feat.pth')
    num = 2 * len(CLASSES)
    save_teacher_feature_cache(cache, torch.randn(num, 8), torch.arange(num),
                               torch.arange(num) // 2, None, {})
    model = dict(
        type='CMPGPretrainModel', generator=GENERATOR, teacher_feats=cache)
    config = write_config(tmp_path / 'stage2.py', [
        dict(type='SamplePoints', num_points=NUM_POINTS, method='first'),
        dict(type='NormalizePointsToUnitSphere'),
        dict(type='PackPointClsInputs')
    ], model)
    ckpt = str(tmp_path / 'cmpg.pth')
    torch.manual_seed(0)
    torch.save(dict(state_dict=MODELS.build(model).state_dict()), ckpt)
    out = str(tmp_path / 'cmpg.png')
    draw_cmpg(config, ckpt, out, indices=[0, 3])
    check_png(out, min_size=10_000)
    raw = str(tmp_path / 'cmpg_raw.png')
    draw_cmpg(config, ckpt, raw, indices=[4], raw=True)
    check_png(raw)

    with pytest.raises(FileNotFoundError, match='missing.pth'):
        draw_cmpg(config, str(tmp_path / 'missing.pth'), out)
    with pytest.raises(ValueError, match='index -1 is out of range'):
        draw_cmpg(config, ckpt, out, indices=[-1])
    bad = str(tmp_path / 'bad.pth')
    torch.save(dict(state_dict={'generator.other': torch.zeros(1)}), bad)
    with pytest.raises(ValueError, match='bad.pth'):
        draw_cmpg(config, bad, out)
    not_stage2 = write_config(tmp_path / 'cls.py', [], dict(type='Other'))
    with pytest.raises(TypeError, match='CMPGPretrainModel'):
        draw_cmpg(not_stage2, ckpt, out)


def test_confusion(tmp_path):
    report = dict(
        classes=CLASSES,
        per_class_acc=dict(sphere=50.0, box=100.0, cone=None),
        confusion_matrix=[[1, 1, 0], [0, 3, 0], [0, 0, 0]])
    work_dir = tmp_path / 'run'
    work_dir.mkdir()
    (work_dir / 'confusion_matrix.json').write_text(json.dumps(report))
    out = str(tmp_path / 'cm.png')
    draw_confusion(str(work_dir), out)
    check_png(out, min_size=10_000)
    test_json = work_dir / 'test_confusion_matrix.json'
    test_json.write_text(json.dumps(report))
    assert find_confusion_json(str(work_dir)) == str(test_json)
    draw_confusion(str(test_json), out)
    check_png(out)

    with pytest.raises(FileNotFoundError, match='empty'):
        (tmp_path / 'empty').mkdir()
        draw_confusion(str(tmp_path / 'empty'), out)
    with pytest.raises(FileNotFoundError, match='absent.json'):
        draw_confusion(str(tmp_path / 'absent.json'), out)
    bad = tmp_path / 'bad.json'
    bad.write_text(json.dumps(dict(report, confusion_matrix=[[1, 2]])))
    with pytest.raises(ValueError, match='bad.json.*3 x 3'):
        draw_confusion(str(bad), out)
    bad.write_text('{"classes": [')
    with pytest.raises(ValueError, match='bad.json is not valid JSON'):
        draw_confusion(str(bad), out)


def write_scalars(run_dir, best_acc):
    lines = []
    for epoch in (1, 2, 3):
        for it in (1, 2):
            step = (epoch - 1) * 2 + it
            lines.append(
                dict(lr=1e-3, loss=2.0 / step, loss_cls=2.0 / step,
                     epoch=epoch, iter=step, step=step))
        lines.append(
            dict(overall_acc=best_acc * epoch / 3, mean_class_acc=1.0,
                 step=epoch))
    vis = run_dir / 'vis_data'
    vis.mkdir(parents=True)
    (vis / 'scalars.json').write_text(
        '\n'.join(json.dumps(line) for line in lines) + '\n')


def test_curves(tmp_path):
    vanilla, pointcmt_dir = tmp_path / 'vanilla', tmp_path / 'pointcmt'
    write_scalars(vanilla / '20240101_000000', 80.0)
    write_scalars(pointcmt_dir / '20240101_000000', 10.0)
    write_scalars(pointcmt_dir / '20240102_000000', 90.0)
    (pointcmt_dir / '20240103_000000').mkdir()  # a later test-only run
    latest = find_scalars(str(pointcmt_dir))
    assert '20240102_000000' in latest
    run = load_scalars(latest, 'overall_acc', 'loss')
    np.testing.assert_allclose(run['val_epoch'], [1, 2, 3])
    np.testing.assert_allclose(run['val_metric'], [30, 60, 90])
    np.testing.assert_allclose(run['train_step'], np.arange(1, 7))

    out = str(tmp_path / 'curves.png')
    draw_curves([str(vanilla), str(pointcmt_dir / '20240101_000000')],
                out,
                labels=['vanilla', 'pointcmt'],
                metric='overall_acc')
    check_png(out, min_size=10_000)

    with pytest.raises(ValueError, match='1 --labels for 2 runs'):
        draw_curves([str(vanilla), str(pointcmt_dir)], out, labels=['x'])
    with pytest.raises(FileNotFoundError, match='no vis_data/scalars.json'):
        draw_curves([str(pointcmt_dir / '20240103_000000')], out)
    with pytest.raises(FileNotFoundError, match='nowhere'):
        draw_curves([str(tmp_path / 'nowhere')], out)
    with pytest.raises(ValueError, match='validation "top5"'):
        draw_curves([str(vanilla)], out, metric='top5', loss_key='loss_x')
    broken = tmp_path / 'broken' / 'vis_data'
    broken.mkdir(parents=True)
    (broken / 'scalars.json').write_text('{"loss": 1, "epoch": 1\n')
    with pytest.raises(ValueError, match='scalars.json:1'):
        draw_curves([str(tmp_path / 'broken')], out)


def test_pipeline(tmp_path):
    out = str(tmp_path / 'pipeline.png')
    draw_pipeline(out)
    check_png(out, min_size=20_000)
