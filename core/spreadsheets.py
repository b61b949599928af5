"""Spreadsheets the site hands out (question banks, team dashboards, admin reports) and
the rows of the ones people upload (question banks, HR's staff lists)."""

import csv
import io

from django.utils.translation import gettext as _

# What Excel and WPS write when a sheet is saved as text: UTF-8 (with or without a BOM),
# "Unicode text" (UTF-16 with a BOM, tab-separated) and, on Chinese Windows, the
# legacy code page, which GB18030 reads as a superset.
TEXT_ENCODINGS = ("utf-8-sig", "gb18030")


class UnreadableSheet(Exception):
    """The upload as a whole is not a table we can read; the message says why."""


def uploaded_rows(upload):
    """Each row of an uploaded .xlsx or text (CSV / tab-separated) file as a list of
    strings, lazily, so a huge sheet can be refused after its first rows."""
    if (upload.name or "").lower().endswith(".xlsx"):
        return _xlsx_rows(upload)
    return _text_rows(upload.read())


def _text_rows(raw):
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        for encoding in TEXT_ENCODINGS:
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise UnreadableSheet(_("The file is neither UTF-8 nor GB18030 text."))
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    return csv.reader(io.StringIO(text), delimiter=delimiter)


def _xlsx_rows(upload):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UnreadableSheet(_("This is not a readable Excel (.xlsx) file.")) from error
    try:
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            yield [_cell_text(cell) for cell in row]
    finally:
        workbook.close()


def _cell_text(value):
    if value is None:
        return ""
    # Excel stores every number as a float: an employee number 10023 reads 10023.0.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def workbook_bytes(workbook):
    """The workbook as .xlsx bytes, with every cell that openpyxl took for a formula
    stored as text: a name or answer starting with "=" must not run when opened."""
    for sheet in workbook.worksheets:
        for cells in sheet.iter_rows():
            for cell in cells:
                if cell.data_type == "f":
                    cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# A CSV cell starting with one of these is run as a formula by Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """A CSV cell a spreadsheet shows as typed: text that would start a formula (a
    search for "=HYPERLINK(…)" in the search log) gets a leading apostrophe, which
    spreadsheets read as "this is text". Numbers pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
