"""The comments and reply boxes of a discussion, drawn once and kept.

A page of a long discussion shows forty or fifty comments and a reply box under each
thread; drawn through Django's templates one by one they cost 10 ms of the page, for
markup that is the same for every reader until a comment changes. A comment is kept
by everything it is drawn from (core.kept_drawing): its words, dates and state, its
author's names and what the reader may do with it, so an edit, a rename or a
moderator's action draws it afresh. A whole page of threads is kept the same way,
for every reader with the same buttons; the form token of its reply boxes, and of the
author's own delete and a moderator's hide, is put in on each visit."""

from functools import lru_cache
from types import SimpleNamespace

from django import template
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language

from core.kept_drawing import FORM_TOKEN_STAND_IN, draw_fresh, draw_kept, draw_kept_with_form

register = template.Library()

COMMENT_TEMPLATE = "core/includes/comment.html"
REPLY_FORM_TEMPLATE = "core/includes/reply_form.html"


THREADS_TEMPLATE = "core/includes/comment_threads.html"
# A page of threads is some 30 to 60 KB drawn: a few megabytes per process.
KEPT_THREAD_PAGES = 64


def _drawn_values(comment):
    """Everything a comment's drawing reads."""
    author = comment.author
    return {
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


@register.simple_tag(takes_context=True)
def comment_threads(context, threads, reply_draft, comment_url, max_length):
    """One page of threads with their replies and reply boxes. It reads the same for
    every reader who may do the same with each comment (edit, report, hide) and has no
    refused reply open, so it is kept whole, keyed by every comment's values, and only
    the form token is put in; a refused reply is drawn afresh with what was typed."""
    signed_in = context["user"].is_authenticated
    threads = list(threads)
    if settings.DEBUG or reply_draft:
        values = {"threads": threads, "signed_in": signed_in, "reply_draft": reply_draft}
        values |= {"comment_url": comment_url, "comment_max_length": max_length, "csrf_token": context["csrf_token"]}
        return draw_fresh(THREADS_TEMPLATE, values)
    shown = tuple((_hashable(thread), tuple(_hashable(reply) for reply in thread.shown_replies)) for thread in threads)
    kept = _kept_threads(shown, signed_in, comment_url, max_length, get_language(), get_current_timezone_name())
    return mark_safe(kept.replace(_TOKEN, str(context["csrf_token"])))


def _hashable(comment):
    return tuple(_drawn_values(comment).items())


@lru_cache(maxsize=KEPT_THREAD_PAGES)
def _kept_threads(shown, signed_in, comment_url, max_length, _language, _time_zone):
    threads = [
        _stand_in(dict(values), replies=[_stand_in(dict(reply)) for reply in replies]) for values, replies in shown
    ]
    values = {"threads": threads, "signed_in": signed_in, "reply_draft": {}, "comment_url": comment_url}
    return draw_fresh(THREADS_TEMPLATE, values | {"comment_max_length": max_length, "csrf_token": _TOKEN})


def _stand_in(values, replies=()):
    """A comment as its drawing reads it, from its drawn values."""
    author = SimpleNamespace(get_display_name=lambda: values["author_name"], official_name=values["official_name"])
    return SimpleNamespace(**values, author=author, shown_replies=replies)


@register.simple_tag(takes_context=True)
def comment_html(context, comment):
    values = _drawn_values(comment)
    if comment.can_edit or comment.can_hide:
        return draw_kept_with_form(COMMENT_TEMPLATE, context["csrf_token"], **values)
    return draw_kept(COMMENT_TEMPLATE, **values)


# Stand-ins drawn into the kept reply box, then replaced with each thread's own values.
_PK, _NAME, _TOKEN = "\ue000pk\ue000", "\ue000reply-to\ue000", FORM_TOKEN_STAND_IN


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
