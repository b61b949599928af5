"""The one error every exchange format raises."""


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong format, wrong encoding, no header, too
    many questions); problems with single questions are notes on their items."""
