"""The comments and reply boxes of a discussion, drawn once and kept.

A page of a long discussion shows forty or fifty comments and a reply box under each
thread; drawn through Django's templates one by one they cost 10 ms of the page, for
markup that is the same for every reader until a comment changes. What is kept is keyed
by everything it is drawn from (the comment's words, dates and state, its author's
names, what the reader may do with it, the language and time zone), so an edit, a rename
or a moderator's action draws it afresh: nothing has to be told to forget it. Anything
that carries a form token (the author's own edit and delete, a moderator's hide) is
drawn afresh every time."""

from functools import lru_cache
from types import SimpleNamespace

from django import template
from django.conf import settings
from django.template.loader import get_template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

COMMENT_TEMPLATE = "core/includes/comment.html"
REPLY_FORM_TEMPLATE = "core/includes/reply_form.html"
# About 1–2 KB each: a few megabytes per process for the comments read most.
KEPT_COMMENTS = 2048


@register.simple_tag(takes_context=True)
def comment_html(context, comment):
    if comment.can_edit or comment.can_hide or settings.DEBUG:
        with context.push(comment=comment):
            return mark_safe(get_template(COMMENT_TEMPLATE).template.render(context))
    author = comment.author
    return _kept_comment(
        comment.pk,
        comment.body,
        comment.created_at,
        comment.edited_at,
        comment.deleted_at,
        comment.hidden_at,
        author.get_display_name(),
        author.official_name,
        comment.can_report,
        comment.reported_by_me,
        get_language(),
        timezone.get_current_timezone_name(),
    )


@lru_cache(maxsize=KEPT_COMMENTS)
def _kept_comment(
    pk, body, created_at, edited_at, deleted_at, hidden_at, author_name, official_name, can_report, reported_by_me,
    _language, _time_zone,
):  # fmt: skip
    author = SimpleNamespace(
        get_display_name=author_name, official_name=official_name, renamed=author_name != official_name
    )
    comment = SimpleNamespace(
        pk=pk,
        body=body,
        created_at=created_at,
        edited_at=edited_at,
        deleted_at=deleted_at,
        hidden_at=hidden_at,
        is_visible=deleted_at is None and hidden_at is None,
        author=author,
        can_edit=False,
        can_hide=False,
        can_report=can_report,
        reported_by_me=reported_by_me,
    )
    return mark_safe(get_template(COMMENT_TEMPLATE).render({"comment": comment}))


# Stand-ins drawn into the kept reply box, then replaced with each thread's own values.
_PK, _NAME, _TOKEN = "\ue000pk\ue000", "\ue000reply-to\ue000", "\ue000csrf\ue000"


@register.simple_tag(takes_context=True)
def reply_form(context, comment, reply_draft, comment_url, max_length):
    """The reply box under a thread. The one holding a refused reply is drawn with what
    was typed and why it was refused; the others are one kept drawing per language."""
    if reply_draft.get("parent") == str(comment.pk) or settings.DEBUG:
        values = {"comment": comment, "reply_draft": reply_draft, "comment_url": comment_url}
        with context.push(**values, comment_max_length=max_length):
            return mark_safe(get_template(REPLY_FORM_TEMPLATE).template.render(context))
    kept = _kept_reply_form(comment_url, max_length, get_language())
    return mark_safe(
        kept.replace(_PK, str(comment.pk))
        .replace(_NAME, escape(comment.author.get_display_name()))
        .replace(_TOKEN, str(context["csrf_token"]))
    )


@lru_cache(maxsize=256)
def _kept_reply_form(comment_url, max_length, _language):
    stand_in = SimpleNamespace(pk=_PK, author=SimpleNamespace(get_display_name=_NAME))
    values = {"comment": stand_in, "reply_draft": {}, "comment_url": comment_url, "comment_max_length": max_length}
    return get_template(REPLY_FORM_TEMPLATE).render({**values, "csrf_token": _TOKEN})
