"""Plain-text helpers: terminal widths for commands and scripts, telling a database id
from junk in a URL, and what a service accepts as a typed line or note."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def display_width(text):
    """Columns the text takes in a terminal: CJK characters take two."""
    return sum(2 if ord(char) > 0x2E7F else 1 for char in text)


def pad_to_width(text, width):
    """The text padded with spaces to `width` terminal columns."""
    return text + " " * max(0, width - display_width(text))


# The digits of the largest id a 64-bit key holds, less one, so any such string fits.
MAX_ID_DIGITS = 18


def is_id(value):
    """Whether the text is a database id: ASCII digits only (no "1.5", "-1" or "١٢"),
    short enough for a 64-bit key."""
    return value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS


def clean_text(value, *, limit, required_message=None):
    """Typed text without its surrounding blanks. Refused, with the message given, when
    it is required and empty, and when it is longer than `limit` characters."""
    value = (value or "").strip()
    if not value and required_message:
        raise ValidationError(required_message)
    if len(value) > limit:
        raise ValidationError(
            _("Keep it to %(limit)s characters; this has %(count)s.") % {"limit": limit, "count": len(value)}
        )
    return value
