"""Recipes built from the package's parts: the recipe study."""
from .study import (REFERENCE_RECIPE, SEARCH_SPACE, VANILLA_OPTIONS,
                    RecipeStudy, first_candidates, last_epoch_health,
                    select_on_val, study_tables)

__all__ = [
    'REFERENCE_RECIPE', 'SEARCH_SPACE', 'VANILLA_OPTIONS', 'RecipeStudy',
    'first_candidates', 'select_on_val', 'last_epoch_health', 'study_tables'
]
