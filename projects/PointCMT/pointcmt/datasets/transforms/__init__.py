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
from .teacher_feature_cache import (LoadTeacherFeature, file_sha256,
                                    save_teacher_feature_cache)

__all__ = [
    'LoadPointsFromShapeFile', 'SamplePoints',
    'NormalizePointsToUnitSphere', 'RandomScaleTranslatePoints',
    'JitterPoints', 'RandomRotatePoints', 'ShufflePoints',
    'PackPointClsInputs', 'RenderMultiView', 'LoadMultiViewImages',
    'LoadTeacherFeature', 'save_teacher_feature_cache', 'file_sha256',
    'LoadMeshFromShapeFile', 'RenderMeshViews', 'ShapeFileLoader',
    'RenderViewsTransform'
]
