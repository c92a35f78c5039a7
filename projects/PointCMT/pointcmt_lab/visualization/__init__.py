"""Figures of what PointCMT does (matplotlib, headless).

Not imported by ``import pointcmt`` (it loads matplotlib); import it where
figures are drawn.
"""
from .figures import (draw_cmpg, draw_confusion, draw_curves, draw_pipeline,
                      draw_views, find_confusion_json, find_scalars,
                      load_confusion, load_scalars)
from .plots import (plot_confusion_matrix, plot_learning_curves,
                    plot_pipeline, plot_point_set_pairs, plot_view_grid,
                    save_figure)

__all__ = [
    'draw_cmpg', 'draw_confusion', 'draw_curves', 'draw_pipeline',
    'draw_views', 'find_confusion_json', 'find_scalars', 'load_confusion',
    'load_scalars', 'save_figure', 'plot_view_grid', 'plot_point_set_pairs',
    'plot_confusion_matrix', 'plot_learning_curves', 'plot_pipeline'
]
