"""Showing question text as its author formatted it, and nothing more."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import mark_safe

from core.html import clean_html
from core.kept_drawing import draw_fresh, draw_kept

register = template.Library()


@register.filter
def safe_question_html(html):
    # Cleaned when saved as well; cleaning again on the way out means a row written
    # some other way (a data migration, the shell) still cannot carry a script.
    return mark_safe(clean_html(html))  # the allow-list output of nh3


@register.filter
def question_text(text, text_format="plain"):
    """Plain text with its line breaks, or formatted text through the allow-list."""
    if text_format == "html":
        return safe_question_html(text)
    return linebreaksbr(text, autoescape=True)


REVIEW_ITEM_TEMPLATE = "quizzes/includes/review_item.html"


@register.simple_tag
def review_item(row):
    """One question of a result's review. The review of a choice, an order or a match
    reads the same for every attempt that gave that answer, so it is kept (drawn from
    its values alone); an essay is one person's words, drawn afresh."""
    values = {name: tuple(value) if isinstance(value, list) else value for name, value in row.items()}
    if row["kind"] == "essay":
        return draw_fresh(REVIEW_ITEM_TEMPLATE, values)
    return draw_kept(REVIEW_ITEM_TEMPLATE, **values)


COMPETENCY_ROW_TEMPLATE = "quizzes/includes/competency_result_row.html"


@register.simple_tag
def competency_result_row(row, *, awaiting):
    """One competency's line of a result: a score, the level it shows and the person's
    level now. Results repeat the same few lines (a competency has a handful of
    questions), so each is drawn from its values once and kept."""
    level = row.level
    return draw_kept(
        COMPETENCY_ROW_TEMPLATE,
        name=row.competency.display_name,
        percent=row.percent,
        score=row.score,
        points=row.points,
        level_number=level.number if level else None,
        level_name=level.display_name if level else "",
        level_now=row.level_now,
        awaiting=bool(awaiting),
    )
