"""ShapeFileLoader: what the point and mesh loaders share."""
import pytest

from pointcmt.datasets.transforms import (LoadMeshFromShapeFile,
                                          LoadPointsFromShapeFile,
                                          ShapeFileLoader)


@pytest.mark.parametrize('loader',
                         [LoadPointsFromShapeFile, LoadMeshFromShapeFile])
def test_shared_settings_and_checks(loader):
    assert issubclass(loader, ShapeFileLoader)
    transform = loader(num_samples=300, seed=7)
    assert (transform.num_samples, transform.seed) == (300, 7)
    assert 'num_samples=300' in repr(transform) and 'seed=7' in repr(transform)
    assert transform.shape_path(dict(pts_path='a/b.off')) == 'a/b.off'
    for bad in (0, -5, 2.5, True, '100'):
        with pytest.raises(ValueError,
                           match=f'{loader.__name__}: num_samples must be a '
                           'positive int'):
            loader(num_samples=bad)
    with pytest.raises(KeyError,
                       match=f"{loader.__name__} needs 'pts_path'.*"
                       'sample_idx=3'):
        transform(dict(sample_idx=3))
