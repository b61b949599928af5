"""The comments and reply boxes of a discussion, drawn once and kept.

A page of a long discussion shows forty or fifty comments and a reply box under each
thread; drawn through Django's templates one by one they cost 10 ms of the page, for
markup that is the same for every reader until a comment changes. A comment is kept
by everything it is drawn from (core.kept_drawing): its words, dates and state, its
author's names and what the reader may do with it, so an edit, a rename or a
moderator's action draws it afresh. The author's own edit and delete and a
moderator's hide carry a form token and are drawn afresh every time."""

from functools import lru_cache
from types import SimpleNamespace

from django import template
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.kept_drawing import draw_fresh, draw_kept

register = template.Library()

COMMENT_TEMPLATE = "core/includes/comment.html"
REPLY_FORM_TEMPLATE = "core/includes/reply_form.html"


@register.simple_tag(takes_context=True)
def comment_html(context, comment):
    author = comment.author
    values = {
        "pk": comment.pk,
        "body": comment.body,
        "created_at": comment.created_at,
        "edited_at": comment.edited_at,
        "hidden_at": comment.hidden_at,
        "is_visible": comment.is_visible,
        "author_name": author.get_display_name(),
        "official_name": author.official_name,
        "can_edit": comment.can_edit,
        "can_report": comment.can_report,
        "reported_by_me": comment.reported_by_me,
        "can_hide": comment.can_hide,
    }
    if comment.can_edit or comment.can_hide:
        return draw_fresh(COMMENT_TEMPLATE, {**values, "csrf_token": context["csrf_token"]})
    return draw_kept(COMMENT_TEMPLATE, **values)


# Stand-ins drawn into the kept reply box, then replaced with each thread's own values.
_PK, _NAME, _TOKEN = "\ue000pk\ue000", "\ue000reply-to\ue000", "\ue000csrf\ue000"


@register.simple_tag(takes_context=True)
def reply_form(context, comment, reply_draft, comment_url, max_length):
    """The reply box under a thread. The one holding a refused reply is drawn with what
    was typed and why it was refused; the others are one kept drawing per language."""
    if reply_draft.get("parent") == str(comment.pk) or settings.DEBUG:
        return _draw_reply_form(comment, reply_draft, comment_url, max_length, context["csrf_token"])
    kept = _kept_reply_form(comment_url, max_length, get_language())
    return mark_safe(
        kept.replace(_PK, str(comment.pk))
        .replace(_NAME, escape(comment.author.get_display_name()))
        .replace(_TOKEN, str(context["csrf_token"]))
    )


@lru_cache(maxsize=256)
def _kept_reply_form(comment_url, max_length, _language):
    stand_in = SimpleNamespace(pk=_PK, author=SimpleNamespace(get_display_name=_NAME))
    return _draw_reply_form(stand_in, {}, comment_url, max_length, _TOKEN)


def _draw_reply_form(comment, reply_draft, comment_url, max_length, csrf_token):
    values = {"comment": comment, "reply_draft": reply_draft, "comment_url": comment_url}
    return draw_fresh(REPLY_FORM_TEMPLATE, {**values, "comment_max_length": max_length, "csrf_token": csrf_token})
