"""PointCMTBaseModel: the default data preprocessor and the mode dispatch."""
import pytest
import torch

from pointcmt.models import PointCMTBaseModel
from pointcmt.models.data_preprocessors import PointClsDataPreprocessor


class Recorder(PointCMTBaseModel):
    """Returns which method ``forward`` dispatched to."""

    def loss(self, inputs, data_samples):
        return dict(called='loss')

    def predict(self, inputs, data_samples=None):
        return ['predict']

    def _forward(self, inputs, data_samples=None):
        return torch.zeros(1)


def test_default_preprocessor_and_dispatch():
    model = Recorder()
    assert isinstance(model.data_preprocessor, PointClsDataPreprocessor)
    own = Recorder(data_preprocessor=dict(
        type='PointClsDataPreprocessor', img_mean=[0.5] * 3,
        img_std=[0.5] * 3))
    assert own.data_preprocessor.normalize
    assert model({}, mode='loss') == dict(called='loss')
    assert model({}, mode='predict') == ['predict']
    assert torch.equal(model({}), torch.zeros(1))
    with pytest.raises(RuntimeError, match='Invalid mode "foo"'):
        model({}, mode='foo')


def test_subclasses_must_implement_the_modes():
    with pytest.raises(TypeError, match='abstract'):
        PointCMTBaseModel()
