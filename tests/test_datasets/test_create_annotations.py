"""create_annotations end to end on tiny sources, and datasets read back
from its annotation files."""
import shutil
from pathlib import Path

import h5py
import numpy as np
import pytest
from _helpers.shape_sources import (H5_CLASSES, make_modelnet_folder,
                                    make_modelnet_h5,
                                    make_normal_resampled_tree,
                                    make_scanobjectnn)
from mmengine.fileio import load

from pointcmt.datasets import (ANNOTATION_VERSION, ModelNetDataset,
                               ModelNetH5Dataset,
                               ModelNetNormalResampledDataset,
                               ScanObjectNNDataset, create_annotations)

SPLITS = ('train', 'val', 'trainval', 'test')
PACK = [dict(type='PackPointClsInputs')]


def infos(dataset):
    return [dataset.get_data_info(i) for i in range(len(dataset))]


def run(source, root, out_dir, **kwargs):
    return create_annotations(source, str(root), str(out_dir), **kwargs)


def assert_same_samples(from_ann, from_source):
    assert from_ann.metainfo['classes'] == from_source.metainfo['classes']
    got, expected = infos(from_ann), infos(from_source)
    assert len(got) == len(expected) > 0
    for a, b in zip(got, expected):
        assert a.keys() == b.keys()
        for key in a:
            np.testing.assert_array_equal(a[key], b[key])


def test_modelnet_h5_end_to_end_and_idempotent(tmp_path, capsys):
    root = make_modelnet_h5(tmp_path / 'src')
    out = tmp_path / 'ann'
    files = run('modelnet-h5', root, out, split_seed=2)
    assert files == [str(out / f'modelnet_h5_infos_{s}.pkl') for s in SPLITS]
    ann = load(files[3])
    assert ann['metainfo'] == dict(
        classes=list(H5_CLASSES),
        dataset='modelnet_h5',
        source_root=str(root.resolve()),
        version=ANNOTATION_VERSION,
        split='test',
        val_fraction=0.1,
        split_seed=2)
    assert ann['data_list'][4] == dict(
        h5_path='ply_data_test0.h5', h5_index=4, gt_label=1, sample_idx=4)
    for split, ann_file in zip(SPLITS, files):
        assert_same_samples(
            ModelNetH5Dataset(ann_file=ann_file, use_normals=True),
            ModelNetH5Dataset(
                data_root=str(root),
                split=split,
                split_seed=2,
                use_normals=True))
    mtimes = [Path(f).stat().st_mtime_ns for f in files]
    capsys.readouterr()
    run('modelnet-h5', root, out, split_seed=2)
    assert capsys.readouterr().out.count('up to date, nothing written') == 4
    assert [Path(f).stat().st_mtime_ns for f in files] == mtimes
    with pytest.raises(ValueError, match='exists with different content'):
        run('modelnet-h5', root, out, splits=['val'])
    run('modelnet-h5', root, out, splits=['val'], force=True)
    assert load(files[1])['metainfo']['split_seed'] == 0


def test_annotation_checks(tmp_path):
    root = make_modelnet_h5(tmp_path / 'src')
    train_file, test_file = run('modelnet-h5', root, tmp_path,
                                splits=['train', 'test'])
    with pytest.raises(ValueError, match=r"metainfo\['split'\]='test'"):
        ModelNetH5Dataset(ann_file=test_file, split='val')
    with pytest.raises(ValueError, match=r"metainfo\['dataset'\]"):
        ScanObjectNNDataset(ann_file=test_file)
    # Stale annotation: the source changed after conversion.
    with h5py.File(root / 'ply_data_train1.h5', 'r+') as h5:
        h5['label'][...] = (h5['label'][()] + 1) % 3
    with pytest.raises(ValueError, match='regenerate it'):
        ModelNetH5Dataset(ann_file=train_file)


def test_scanobjectnn_json(tmp_path):
    root = make_scanobjectnn(tmp_path / 'h5_files')
    (ann_file, ) = run('scanobjectnn', root, tmp_path, variant='OBJ_ONLY',
                       file_format='json', splits=['test'])
    assert ann_file.endswith('scanobjectnn_obj_only_infos_test.json')
    assert load(ann_file)['data_list'][0]['h5_path'] == \
        'main_split_nobg/test_objectdataset.h5'
    dataset = ScanObjectNNDataset(ann_file=ann_file)
    assert dataset.metainfo['variant'] == 'OBJ_ONLY'
    assert_same_samples(
        dataset,
        ScanObjectNNDataset(
            data_root=str(root), split='test', variant='OBJ_ONLY'))
    with pytest.raises(ValueError, match=r"metainfo\['variant'\]"):
        ScanObjectNNDataset(ann_file=ann_file, variant='PB_T50_RS')


def test_modelnet_normal_relocated_root(tmp_path):
    root = make_normal_resampled_tree(tmp_path / 'src')
    files = run('modelnet-normal', root, tmp_path, num_classes=10)
    assert Path(files[0]).name == 'modelnet10_normal_resampled_infos_train.pkl'
    assert load(files[3])['data_list'][0] == dict(
        pts_path='bed/bed_0005.txt', gt_label=0, sample_idx=0)
    moved = tmp_path / 'moved'
    shutil.move(root, moved)
    for split, ann_file in zip(SPLITS, files):
        from_ann = ModelNetNormalResampledDataset(
            data_root=str(moved),
            ann_file=ann_file,
            use_normals=True,
            pipeline=PACK)
        assert_same_samples(
            from_ann,
            ModelNetNormalResampledDataset(
                data_root=str(moved), split=split, num_classes=10))
        np.testing.assert_allclose(
            from_ann[0]['inputs']['points'].numpy(),
            np.loadtxt(infos(from_ann)[0]['pts_path'], delimiter=','),
            rtol=1e-6)
    with pytest.raises(ValueError, match=r"metainfo\['num_classes'\]=10"):
        ModelNetNormalResampledDataset(
            data_root=str(moved), ann_file=files[0], num_classes=40)


def test_modelnet_folder(tmp_path):
    root = make_modelnet_folder(tmp_path / 'src')
    (ann_file, ) = run('modelnet-folder', root, tmp_path, splits=['val'])
    ann = load(ann_file)
    assert ann['metainfo']['dataset'] == 'modelnet_folder'
    expected = infos(ModelNetDataset(str(root), split='val'))
    assert ann['data_list'] == [
        dict(info, pts_path=str(Path(info['pts_path']).relative_to(root)))
        for info in expected
    ]


def test_modelnet_folder_read_back_relocated(tmp_path):
    root = make_modelnet_folder(tmp_path / 'src')
    files = run('modelnet-folder', root, tmp_path / 'ann', splits=SPLITS)
    for split, ann_file in zip(SPLITS, files):
        assert_same_samples(
            ModelNetDataset(ann_file=ann_file),
            ModelNetDataset(str(root), split=split))
    # the annotation's relative paths follow a moved data_root
    moved = shutil.move(str(root), str(tmp_path / 'moved'))
    from_ann = ModelNetDataset(data_root=moved, ann_file=files[3],
                               max_samples_per_class=1)
    assert infos(from_ann) == infos(
        ModelNetDataset(moved, split='test', max_samples_per_class=1))
    with pytest.raises(ValueError, match="metainfo\\['split'\\]='test'"):
        ModelNetDataset(data_root=moved, ann_file=files[3], split='train')
    with pytest.raises(ValueError, match='differ from those of'):
        ModelNetDataset(data_root=moved, ann_file=files[3],
                        classes=('chair', ))
