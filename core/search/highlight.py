"""Showing why a result matched: the words of the query marked in a title, and the
stretch of text around the first of them."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

EXCERPT_LENGTH = 90
# Context shown before the first match, so the excerpt reads as a phrase.
LEAD_IN = 24


def _pattern(words):
    words = [word for word in words if word]
    if not words:
        return None
    # Longest first, so 集团客户 is marked whole before 客户 can claim part of it.
    return re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)), re.IGNORECASE)


def highlight(text, words):
    """The text, escaped, with each word of `words` wrapped in <mark>."""
    text = text or ""
    pattern = _pattern(words)
    if pattern is None:
        return escape(text)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # every piece was escaped above


def excerpt(text, words, length=EXCERPT_LENGTH):
    """About `length` characters of the text around its first matching word (or its
    start), marked, with an ellipsis where it was cut."""
    text = " ".join((text or "").split())
    pattern = _pattern(words)
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - LEAD_IN) if match else 0
    end = min(len(text), start + length)
    start = max(0, min(start, end - length))
    piece = highlight(text[start:end], words)
    return mark_safe(f"{'…' if start else ''}{piece}{'…' if end < len(text) else ''}")
