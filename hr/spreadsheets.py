"""The staff-list template people fill in, and a preview's problems as a workbook."""

from django.utils.translation import gettext as _

from core.spreadsheets import workbook_bytes
from hr.reading import ACTIVE_WORDS, COLUMNS, LEFT_WORDS, header_of


def column_help(grades):
    """(column, what to write, example) for the upload page and the template."""
    grade_names = "、".join(grade.name for grade in grades) or "—"
    texts = {
        "employee_number": (
            _(
                "Required. HR's number for the person; people are matched on it. Format the column as text in "
                "Excel, or leading zeros are lost."
            ),
            "010023",
        ),
        "name": (_("Required. The legal name, as certificates carry it."), "王晓明"),
        "username": (_("Optional. Sign-in name of a new person; the employee number when empty."), "wangxm"),
        "email": (_("Optional. Work e-mail address."), "wangxm@example.com"),
        "region": (_("The region's name or code; empty keeps the person's region."), "华东区域营销中心"),
        "team": (_("The team within the region; empty: in no team."), "政企一组"),
        "grade": (_("Optional. One of: %(grades)s.") % {"grades": grade_names}, grade_names.split("、")[0]),
        "director": (_("Optional. Employee number of the director who leads the person's team."), "10001"),
        "status": (
            _("在职 or empty for people who work here, 离职 for leavers (also: %(words)s).")
            % {"words": "、".join(sorted(word for word in (ACTIVE_WORDS | LEFT_WORDS) if word and word.isascii()))},
            "在职",
        ),
    }
    return [(header_of(key), *texts[key]) for key in COLUMNS]


def template_workbook(grades):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "人员"
    rows = column_help(grades)
    sheet.append([column for column, _text, _example in rows])
    sheet.append([example for _column, _text, example in rows])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 18
    guide = workbook.create_sheet(_("Instructions"))
    guide.append([_("Column"), _("What to write"), _("Example")])
    for row in rows:
        guide.append(list(row))
    guide.column_dimensions["B"].width = 80
    return workbook_bytes(workbook)


def problems_workbook(problems):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Problems")
    sheet.append([_("Line"), _("Column"), _("Problem")])
    for line, column, message in problems:
        sheet.append([line, column, message])
    sheet.column_dimensions["C"].width = 90
    return workbook_bytes(workbook)
