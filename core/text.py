"""Plain-text helpers shared by management commands and scripts."""


def display_width(text):
    """Columns the text takes in a terminal: CJK characters take two."""
    return sum(2 if ord(char) > 0x2E7F else 1 for char in text)


def pad_to_width(text, width):
    """The text padded with spaces to `width` terminal columns."""
    return text + " " * max(0, width - display_width(text))
