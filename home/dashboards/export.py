"""The team dashboard as an Excel workbook, for directors who report upwards."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.spreadsheets import workbook_bytes


def team_workbook(dashboard):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Team")[:31]
    sheet.append(
        [_("Member"), _("Job grade")]
        + [
            _("%(competency)s (level / required)") % {"competency": column.display_name}
            for column in dashboard.columns
        ]
        + [
            _("Gaps"),
            _("Assigned"),
            _("Done"),
            _("Overdue"),
            _("Certificates"),
            _("Expiring soon"),
            _("Lessons shared"),
        ]
    )
    for row in dashboard.rows:
        sheet.append(
            [row.user.get_display_name(), row.profile.grade.display_name if row.profile.grade else ""]
            + [_cell_text(cell) for cell in row.cells]
            + [
                row.gap_count,
                row.progress.total,
                row.progress.done,
                row.progress.overdue,
                len(row.certificates),
                len(row.expiring),
                row.lessons,
            ]
        )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"
    return workbook_bytes(workbook)


def _cell_text(standing):
    if standing is None:
        return ""
    level = f"{standing.reached}" if standing.assessed else _("not measured")
    return f"{level} / {standing.required}" if standing.required else level
