"""Plain-text helpers: terminal widths for commands and scripts, and telling a database
id from junk in a URL."""


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
