"""measure_emd_modes and the shared ellipsoid pairs."""
import pytest
import torch

from pointcmt_lab.benchmark import ellipsoid_pairs, measure_emd_modes


def test_measure_emd_modes_rows():
    rows = measure_emd_modes(
        sizes=((2, 16), ), modes=(('auction', dict(eps=1e-4)), ))
    assert [r['solver'] for r in rows] == ['exact', 'auction']
    assert rows[0]['rel_err_cost'] == 0
    assert rows[1]['rel_err_cost'] >= -1e-12
    with pytest.raises(ValueError, match='data'):
        measure_emd_modes(data='cube')


def test_ellipsoid_pairs_are_seeded_samplings_of_one_shape():
    x, y = ellipsoid_pairs(2, 64, torch.Generator().manual_seed(0))
    again, _ = ellipsoid_pairs(2, 64, torch.Generator().manual_seed(0))
    assert x.shape == y.shape == (2, 64, 3) and torch.equal(x, again)
    assert not torch.equal(x, y)
    # the same ellipsoid: equal extents up to the noise
    torch.testing.assert_close(
        x.abs().amax(1), y.abs().amax(1), atol=0.05, rtol=0.1)
