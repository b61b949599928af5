from django import template

from core.kept_drawing import draw_kept

register = template.Library()

LEVEL_SHOWN_TEMPLATE = "competencies/includes/level_shown.html"


@register.simple_tag
def level_shown(shown, detail=False):
    """One person's level in one competency, as every page shows it. A LevelShown is
    two plain numbers, and a table of people or competencies repeats a few of them:
    each is drawn once and kept."""
    return draw_kept(LEVEL_SHOWN_TEMPLATE, shown=shown, detail=bool(detail))
