"""Excel files the site hands out (question banks, team dashboards)."""

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
