from .augmentation import (JitterPoints, RandomRotatePoints,
                           RandomScaleTranslatePoints, ShufflePoints)
from .formatting import PackPointClsInputs
from .loading import LoadPointsFromShapeFile
from .loading_mesh import LoadMeshFromShapeFile
from .loading_multiview import LoadMultiViewImages
from .normalization import NormalizePointsToUnitSphere
from .render_mesh_views import RenderMeshViews
from .render_multi_view import RenderMultiView
from .render_views_base import RenderViewsTransform
from .sampling import SamplePoints
from .shape_file import ShapeFileLoader

__all__ = [
    'LoadPointsFromShapeFile', 'SamplePoints',
    'NormalizePointsToUnitSphere', 'RandomScaleTranslatePoints',
    'JitterPoints', 'RandomRotatePoints', 'ShufflePoints',
    'PackPointClsInputs', 'RenderMultiView', 'LoadMultiViewImages',
    'LoadMeshFromShapeFile', 'RenderMeshViews', 'ShapeFileLoader',
    'RenderViewsTransform'
]
