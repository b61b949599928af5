"""Spreadsheets the site hands out (question banks, team dashboards, admin reports)."""

import io


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
