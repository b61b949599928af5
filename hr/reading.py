"""Reading HR's staff list (Excel, CSV or tab-separated text) into checked rows.

Only what the file alone can tell is checked here: required cells, the shape of an
e-mail address, a status word, an employee number twice. What needs the database (an
unknown team, a director who is nobody) is `planning`'s part.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.spreadsheets import UnreadableSheet, uploaded_rows

MAX_PEOPLE = 100_000
# A sheet formatted down to row 1,000,000 has that many blank rows: stop early.
MAX_SCANNED_ROWS = MAX_PEOPLE * 2
HEADER_SEARCH_ROWS = 5

# field: (the column's name in our template, the names HR systems and people use)
COLUMNS = {
    "employee_number": (
        gettext_lazy("Employee number"),
        ("工号", "员工编号", "员工号", "employee number", "employee no"),
    ),
    "name": (gettext_lazy("Name"), ("姓名", "name", "legal name", "full name")),
    "username": (gettext_lazy("Username"), ("用户名", "账号", "登录名", "username", "login")),
    "email": (gettext_lazy("E-mail"), ("邮箱", "电子邮箱", "电子邮件", "email", "e-mail")),
    "region": (gettext_lazy("Region"), ("区域", "区域营销中心", "地区", "region")),
    "team": (gettext_lazy("Team"), ("团队", "班组", "小组", "team")),
    "grade": (gettext_lazy("Job grade"), ("岗位层级", "职级", "岗位级别", "job grade", "grade")),
    "director": (
        gettext_lazy("Director's employee number"),
        ("主任工号", "直属主任工号", "团队主任工号", "director", "director employee number"),
    ),
    "status": (gettext_lazy("Status"), ("在职状态", "状态", "人员状态", "status")),
}
REQUIRED = ("employee_number", "name")
ACTIVE_WORDS = {"", "在职", "正式", "试用", "试用期", "active", "employed"}
LEFT_WORDS = {"离职", "已离职", "退休", "left", "inactive", "terminated"}
MAX_LENGTHS = {"employee_number": 32, "name": 60, "username": 150, "email": 254, "region": 80, "team": 80}


class UnreadableStaffList(Exception):
    """The file as a whole cannot be used; the message says why."""


@dataclass
class Row:
    """One person as the file gives them."""

    line: int
    employee_number: str = ""
    name: str = ""
    username: str = ""
    email: str = ""
    region: str = ""
    team: str = ""
    grade: str = ""
    director: str = ""
    left: bool = False
    problems: list = field(default_factory=list)

    def problem(self, column, message):
        self.problems.append([self.line, header_of(column) if column else "", message])

    def as_data(self):
        return {key: value for key, value in self.__dict__.items() if key != "problems"}

    @classmethod
    def from_data(cls, data):
        return cls(**data)


def header_of(key):
    """The column's header as the template and HR's exports write it (工号, 姓名…)."""
    return COLUMNS[key][1][0]


def column_key(header):
    """The field a header cell names, whatever the spacing, case or a required-mark."""
    text = "".join(str(header).split()).strip("*＊").casefold()
    for key, (label, aliases) in COLUMNS.items():
        if text in {"".join(name.split()).casefold() for name in (*aliases, str(label))}:
            return key
    return None


def read_staff_list(upload):
    """The Rows of an uploaded staff list, each with its own problems; raises
    UnreadableStaffList when the file as a whole cannot be used."""
    try:
        return _read(iter(uploaded_rows(upload)))
    except UnreadableSheet as error:
        raise UnreadableStaffList(str(error)) from error


def _read(rows):
    header, keys, first_line = _header(rows)
    if header is None:
        raise UnreadableStaffList(_("The file is empty."))
    missing = [header_of(key) for key in REQUIRED if key not in keys]
    if missing:
        raise UnreadableStaffList(
            _("The column names were not found in the first rows; missing: %(columns)s.")
            % {"columns": "、".join(missing)}
        )
    people = []
    for line, cells in enumerate(rows, start=first_line + 1):
        if line > MAX_SCANNED_ROWS or len(people) > MAX_PEOPLE:
            raise UnreadableStaffList(_("At most %(count)s people per file.") % {"count": f"{MAX_PEOPLE:,}"})
        if not any(str(cell).strip() for cell in cells):
            continue
        values = {key: str(cell).strip() for key, cell in zip(keys, cells, strict=False) if key}
        people.append(_checked_row(line, values))
    if not people:
        raise UnreadableStaffList(_("The file lists no one."))
    _mark_repeats(people, "employee_number", _("Employee number %(value)s is also on line %(line)s."))
    _mark_repeats(people, "username", _("Username %(value)s is also on line %(line)s."))
    return people


def _header(rows):
    """(header cells, their field keys, its line): the first row that names the
    required columns within the first few, since HR's exports often start with a
    title row ("2026年12月花名册"); else the first row, for the error message."""
    first = None
    for line, cells in enumerate(rows, start=1):
        keys = [column_key(cell) for cell in cells]
        if first is None:
            first = (cells, keys, line)
        if all(key in keys for key in REQUIRED) or line >= HEADER_SEARCH_ROWS:
            return (cells, keys, line) if all(key in keys for key in REQUIRED) else first
    return first or (None, [], 0)


def _checked_row(line, values):
    row = Row(line=line)
    for key in ("employee_number", "name", "username", "email", "region", "team", "grade", "director"):
        setattr(row, key, values.get(key, ""))
    row.email = row.email.lower()
    for key in REQUIRED:
        if not getattr(row, key):
            row.problem(key, _("This cell is required."))
    for key, limit in MAX_LENGTHS.items():
        if len(getattr(row, key)) > limit:
            row.problem(key, _("At most %(count)s characters.") % {"count": limit})
    if row.email:
        try:
            validate_email(row.email)
        except ValidationError:
            row.problem("email", _("“%(value)s” is not an e-mail address.") % {"value": row.email})
    status = values.get("status", "").casefold()
    if status in LEFT_WORDS:
        row.left = True
    elif status not in ACTIVE_WORDS:
        row.problem("status", _("“%(value)s” is neither 在职 nor 离职.") % {"value": values.get("status", "")})
    if row.team and not row.region:
        row.problem("region", _("A team needs its region: team names repeat between regions."))
    if row.director and row.director == row.employee_number:
        row.problem("director", _("A person cannot be their own director."))
    return row


def _mark_repeats(rows, key, message):
    """Every row whose `key` another row repeats says which lines hold it too."""
    holders = {}
    for row in rows:
        value = getattr(row, key).casefold()
        if value:
            holders.setdefault(value, []).append(row)
    for group in holders.values():
        for row in group if len(group) > 1 else ():
            lines = "、".join(str(other.line) for other in group if other is not row)
            row.problem(key, message % {"value": getattr(row, key), "line": lines})
