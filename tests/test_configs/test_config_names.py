"""Config file names follow README's
`<method>[_<model>][_<views>][_<scale>]_<dataset>`."""
import glob
import os.path as osp

import pytest

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
METHODS = ('cls', 'teacher', 'cmpg', 'pointcmt', 'kd')
VIEWS = ('mesh20', 'official-images', 'simpleview')
SCALES = ('cpu', )
CONFIGS = sorted(
    osp.basename(p) for p in glob.glob(osp.join(REPO, 'configs', '*.py')))


def parse_name(filename: str) -> dict:
    """Split a config file name into its README naming-scheme fields."""
    method, *middle, dataset = osp.splitext(filename)[0].split('_')
    scale = middle.pop() if middle and middle[-1] in SCALES else None
    views = middle.pop() if middle and middle[-1] in VIEWS else None
    if method not in METHODS or not dataset or len(middle) != (
            0 if method == 'cmpg' else 1) or not all(middle):
        raise ValueError(f'{filename}: expected '
                         '<method>[_<model>][_<views>][_<scale>]_<dataset>.py '
                         f'with method in {METHODS} and a model unless cmpg')
    return dict(method=method, model=middle[0] if middle else None,
                views=views, scale=scale, dataset=dataset)


def test_parse_name():
    assert parse_name('pointcmt_pointnet2-msg_cpu_modelnet40.py') == dict(
        method='pointcmt', model='pointnet2-msg', views=None, scale='cpu',
        dataset='modelnet40')
    assert parse_name('teacher_mvcnn-resnet18_mesh20_modelnet40.py')[
        'views'] == 'mesh20'
    assert parse_name('cmpg_synthetic.py')['model'] is None
    for bad in ('cls_synthetic.py', 'cmpg_x_synthetic.py',
                'student_dgcnn_synthetic.py', 'cls_a_b_modelnet40.py'):
        with pytest.raises(ValueError, match=bad):
            parse_name(bad)


@pytest.mark.parametrize('config', CONFIGS)
def test_config_name_follows_scheme(config):
    parse_name(config)
