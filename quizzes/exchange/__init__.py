"""Question exchange formats: each module reads a file into `neutral.Item`s and writes
Items back. This package knows formats only; `quizzes.importing` checks and saves."""

from django.utils.translation import gettext as _

from quizzes.exchange import gift, moodle_xml, table
from quizzes.exchange.errors import ImportFileError
from quizzes.exchange.neutral import from_question


def read_upload(upload):
    """The Items of an uploaded file, by its name's suffix."""
    name = (upload.name or "").lower()
    if name.endswith(gift.SUFFIXES):
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportFileError(_("A GIFT file must be saved as UTF-8 text.")) from error
        return gift.read(text)
    if name.endswith(moodle_xml.SUFFIXES):
        return moodle_xml.read(upload)
    if name.endswith(table.SUFFIXES):
        return table.read(upload)
    raise ImportFileError(_("Upload a .csv, .xlsx, .xml (Moodle XML) or .gift / .txt (GIFT) file."))


# format name: (content type, file name suffix, writer of Items)
EXPORTS = {
    "csv": ("text/csv; charset=utf-8", "csv", table.write_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", table.write_xlsx),
    "gift": ("text/plain; charset=utf-8", "gift.txt", lambda items: gift.write(items).encode("utf-8")),
    "xml": ("application/xml; charset=utf-8", "moodle.xml", moodle_xml.write),
}


def export(questions, export_format):
    """(bytes, content type, suffix) of the questions in a format of EXPORTS."""
    content_type, suffix, writer = EXPORTS[export_format]
    return writer([from_question(question) for question in questions]), content_type, suffix


__all__ = ["EXPORTS", "ImportFileError", "export", "read_upload"]
