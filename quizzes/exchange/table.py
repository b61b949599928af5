"""Question banks as spreadsheets (CSV or Excel): one row per question.

Columns (the blank template's instruction sheet says the same):

    category | type | name | question | format | competency | level | points |
    option_a … option_h | correct | grades | explanation | rubric | tags | id

type: single, multiple, true_false, short_answer, numerical, matching, ordering, essay,
description, or their Chinese names (单选, 多选, 判断, 填空, 数值, 匹配, 排序, 问答, 说明).
format: empty for plain text, "html" for formatted text (cleaned to safe formatting).
correct: the letters of the right options ("B", "A,C"), or true / false (对 / 错).
grades: Moodle-style grades in percent, one per option ("100,50,0,-50"); they replace
`correct` when given. Short answer: every option is an accepted answer. Numerical: an
option is "3.14:0.01" (number and tolerance) or "1..5" (a range). Matching: an option is
"item -> answer". Ordering: the options in the right order. Per-answer feedback has no
column: GIFT and Moodle XML carry it.

Rows are read lazily, so a sheet of 400,000 rows is refused after its first few
thousand, not after reading them all.
"""

import csv
import io
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from core.html import clean_html
from core.spreadsheets import UnreadableSheet, uploaded_rows, workbook_bytes
from quizzes.exchange.errors import ImportFileError
from quizzes.exchange.neutral import HUNDRED, Answer, Item, numerical_answer, shown_weight, weight
from quizzes.scoring import plain_number

SUFFIXES = (".csv", ".xlsx")
OPTION_LETTERS = "abcdefgh"
COLUMNS = (
    ["category", "type", "name", "question", "format", "competency", "level", "points"]
    + [f"option_{letter}" for letter in OPTION_LETTERS]
    + ["correct", "grades", "explanation", "rubric", "tags", "id"]
)
TYPE_NAMES = {
    "single": ("单选", "单选题"),
    "multiple": ("多选", "多选题"),
    "true_false": ("truefalse", "判断", "判断题"),
    "short_answer": ("shortanswer", "填空", "填空题"),
    "numerical": ("数值", "数值题", "计算", "计算题"),
    "matching": ("匹配", "匹配题", "连线", "连线题"),
    "ordering": ("排序", "排序题"),
    "essay": ("问答", "问答题", "情景题"),
    "description": ("说明", "描述"),
}
TYPE_ALIASES = {alias: kind for kind, aliases in TYPE_NAMES.items() for alias in (kind, *aliases)}
# What the template's drop-down offers: one Chinese name per type.
TEMPLATE_TYPES = [aliases[0] if not aliases[0].isascii() else aliases[1] for aliases in TYPE_NAMES.values()]
TRUE_WORDS = {"true", "t", "yes", "y", "1", "对", "正确", "是", "√"}
FALSE_WORDS = {"false", "f", "no", "n", "0", "错", "错误", "否", "×"}
MAX_ROWS = 2000
# Blank rows are skipped, but only so many: a sheet formatted down to row 1,000,000
# would otherwise be read to its end.
MAX_SCANNED_ROWS = MAX_ROWS * 5


def read(upload):
    """The Items of a CSV or Excel upload."""
    try:
        return [_item(row, record) for row, record in _records(uploaded_rows(upload))]
    except UnreadableSheet as error:
        raise ImportFileError(str(error)) from error


def _records(rows):
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        raise ImportFileError(_("The file is empty."))
    header = [str(cell).strip().lower() for cell in first]
    missing = [column for column in ("type", "question") if column not in header]
    if missing:
        raise ImportFileError(
            _("The first row must name the columns; missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    too_many = ImportFileError(_("At most %(count)s questions per file.") % {"count": MAX_ROWS})
    count = 0
    for number, row in enumerate(rows, start=2):
        if number > MAX_SCANNED_ROWS:
            raise too_many
        if not any(str(cell).strip() for cell in row):
            continue
        count += 1
        if count > MAX_ROWS:
            raise too_many
        yield number, {header[index]: str(cell).strip() for index, cell in enumerate(row) if index < len(header)}


def _item(row, record):
    kind = TYPE_ALIASES.get(record.get("type", "").strip().lower().replace(" ", "").replace("-", "_"))
    item = Item(kind=kind or "", text=record.get("question", ""), line=row)
    if kind is None:
        item.note(_("unknown type “%(type)s”") % {"type": record.get("type", "")}, blocking=True)
    item.category = "/".join(part.strip() for part in record.get("category", "").split("/") if part.strip())
    item.name = record.get("name", "")
    if record.get("format", "").strip().lower() == "html":
        item.text_format = "html"
        item.text = clean_html(item.text)
    item.competency = record.get("competency", "")
    item.level = record.get("level", "")
    item.explanation = record.get("explanation", "")
    item.rubric = record.get("rubric", "")
    item.external_id = record.get("id", "")
    item.tags = [tag.strip() for tag in record.get("tags", "").replace("，", ",").split(",") if tag.strip()]
    points = record.get("points", "")
    if points:
        try:
            item.points = Decimal(points.replace("，", ".")).quantize(Decimal("0.01"))
        except InvalidOperation:
            item.note(_("points “%(value)s” is not a number") % {"value": points}, blocking=True)
    if kind == "description":
        item.points = Decimal(0)
    options = [record.get(f"option_{letter}", "") for letter in OPTION_LETTERS]
    options = [option for option in options if option]
    if kind:
        _answers(item, options, record.get("correct", ""), record.get("grades", ""))
    return item


def _correct_letters(value):
    letters = set()
    for char in value.lower():
        if char in OPTION_LETTERS:
            letters.add(OPTION_LETTERS.index(char))
        elif char.isdigit() and 1 <= int(char) <= len(OPTION_LETTERS):
            letters.add(int(char) - 1)
    return letters


def _grades(item, value, count):
    parts = [part.strip().rstrip("%") for part in value.replace("，", ",").split(",")]
    shares = []
    for part in parts:
        try:
            shares.append(weight(Decimal(part or "0")))
        except InvalidOperation:
            item.note(_("the grade “%(value)s” is not a number") % {"value": part}, blocking=True)
            return None
    if len(shares) != count:
        item.note(
            _("“grades” gives %(grades)s grades for %(options)s options") % {"grades": len(shares), "options": count},
            blocking=True,
        )
        return None
    return shares


def _answers(item, options, correct, grades):
    kind = item.kind
    shares = _grades(item, grades, len(options)) if grades else None
    if kind in ("single", "multiple"):
        if shares is None:
            chosen = _correct_letters(correct)
            if chosen and max(chosen) >= len(options):
                item.note(_("“correct” names an option that is empty"), blocking=True)
            shares = [HUNDRED if index in chosen else Decimal(0) for index in range(len(options))]
            if kind == "multiple":
                # The right options share the points and the wrong ones share as much
                # in penalties: choosing every option earns nothing.
                wrong = len(options) - len(chosen)
                shares = [
                    weight(HUNDRED / max(1, len(chosen)) if index in chosen else -HUNDRED / max(1, wrong))
                    for index in range(len(options))
                ]
        item.answers = [Answer(text=option, weight=share) for option, share in zip(options, shares, strict=True)]
    elif kind == "true_false":
        word = correct.strip().lower()
        item.correct_is_true = True if word in TRUE_WORDS else False if word in FALSE_WORDS else None
    elif kind == "short_answer":
        shares = shares or [HUNDRED] * len(options)
        item.answers = [
            Answer(text=option, weight=weight(share)) for option, share in zip(options, shares, strict=True)
        ]
    elif kind == "numerical":
        shares = shares or [HUNDRED] * len(options)
        for option, share in zip(options, shares, strict=True):
            item.answers.append(_numerical_answer(item, option, share))
    elif kind == "matching":
        for option in options:
            prompt, arrow, answer = option.partition("->")
            if not arrow:
                item.note(_("“%(text)s” is not a pair written item -> answer") % {"text": option[:40]}, blocking=True)
            item.answers.append(Answer(text=prompt.strip(), weight=HUNDRED, match=answer.strip()))
    elif kind == "ordering":
        item.answers = [Answer(text=option) for option in options]


def _numerical_answer(item, option, share):
    parsed = numerical_answer(option)
    if parsed is None:
        item.note(_("“%(value)s” is not a number, number:tolerance or low..high") % {"value": option}, blocking=True)
        return Answer(text=option, weight=weight(share))
    return Answer(text=parsed[0], weight=weight(share), tolerance=parsed[1])


# ---------------------------------------------------------------- writing


def rows(items):
    """One dict per item in the table layout."""
    out = []
    for item in items:
        row = dict.fromkeys(COLUMNS, "")
        row.update(
            {
                "category": item.category,
                "type": item.kind,
                "name": item.name,
                "question": item.text,
                "format": "html" if item.text_format == "html" else "",
                "competency": item.competency,
                "level": item.level,
                "points": plain_number(item.points) if item.points is not None else "",
                "explanation": item.explanation,
                "rubric": item.rubric,
                "tags": ", ".join(item.tags),
                "id": item.external_id,
            }
        )
        for letter, answer in zip(OPTION_LETTERS, item.answers, strict=False):
            row[f"option_{letter}"] = _option_text(item.kind, answer)
        if item.kind in ("single", "multiple", "short_answer", "numerical"):
            row["grades"] = ",".join(shown_weight(answer.weight) for answer in item.answers[: len(OPTION_LETTERS)])
        if item.kind in ("single", "multiple"):
            row["correct"] = ",".join(
                OPTION_LETTERS[index].upper()
                for index, answer in enumerate(item.answers[: len(OPTION_LETTERS)])
                if answer.weight > 0
            )
        elif item.kind == "true_false":
            row["correct"] = "true" if item.correct_is_true else "false"
        out.append(row)
    return out


def _option_text(kind, answer):
    if kind == "numerical" and answer.tolerance is not None:
        return f"{answer.text}:{plain_number(answer.tolerance)}"
    if kind == "matching":
        return f"{answer.text} -> {answer.match}"
    return answer.text


def write_csv(items):
    buffer = io.StringIO()
    # A BOM so that Excel on Chinese Windows opens the file as UTF-8.
    buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows(items))
    return buffer.getvalue().encode("utf-8")


def write_xlsx(items):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "questions"
    sheet.append(COLUMNS)
    for row in rows(items):
        sheet.append([row[column] for column in COLUMNS])
    return workbook_bytes(workbook)


def blank_template(competencies, levels):
    """An empty question sheet with drop-downs for type, competency and level, and an
    instruction sheet explaining every column with an example."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "questions"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    lists = workbook.create_sheet("lists")
    lists.sheet_state = "hidden"
    choices = {"type": TEMPLATE_TYPES, "competency": [c.code for c in competencies], "level": [str(n) for n in levels]}
    for column_index, (column, values) in enumerate(choices.items(), start=1):
        letter = chr(ord("A") + column_index - 1)
        for row_index, value in enumerate(values, start=1):
            lists.cell(row=row_index, column=column_index, value=value)
        validation = DataValidation(
            type="list", formula1=f"lists!${letter}$1:${letter}${max(1, len(values))}", allow_blank=True
        )
        validation.error = _("Choose a value from the list.")
        validation.showErrorMessage = True
        sheet.add_data_validation(validation)
        target = chr(ord("A") + COLUMNS.index(column))
        validation.add(f"{target}2:{target}{MAX_ROWS + 1}")
    help_sheet = workbook.create_sheet(_("Instructions"))
    help_sheet.append([_("Column"), _("What to write"), _("Example")])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for row in column_help(competencies):
        help_sheet.append(row)
    help_sheet.column_dimensions["A"].width = 14
    help_sheet.column_dimensions["B"].width = 80
    help_sheet.column_dimensions["C"].width = 40
    for cells in help_sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return workbook_bytes(workbook)


def column_help(competencies):
    example_competency = competencies[0].code if competencies else "needs-analysis"
    return [
        ("category", _("The shelf of the bank; / for a shelf inside another."), "需求理解/基础"),
        ("type", _("Choose from the list: 单选, 多选, 判断, 填空, 数值, 匹配, 排序, 问答, 说明."), "单选"),
        ("name", _("Optional short name editors know the question by."), "七步法第一步"),
        ("question", _("The question text."), "客户突然说不再需要我们的服务，第一步做什么？"),
        ("format", _("Empty for plain text; html for formatted text."), ""),
        ("competency", _("Choose from the list (the competency's code)."), example_competency),
        ("level", _("Choose 1, 2 or 3."), "1"),
        ("points", _("1 if empty; at least 0.5."), "2"),
        (
            "option_a … option_h",
            _(
                "Choices, accepted answers (* matches anything), numbers as 3.14:0.01 or 1..5, "
                "pairs as item -> answer, or items in the right order."
            ),
            "察觉问题",
        ),
        ("correct", _("Letters of the right options (B, or A,C), or 对 / 错 for true-or-false."), "A"),
        (
            "grades",
            _(
                "Optional: a grade in percent per option, replacing “correct” (partial credit, "
                "negative = penalty). Multiple answers: the right ones add up to 100."
            ),
            "100,50,0,-50",
        ),
        ("explanation", _("General feedback shown after answering."), "七步法从察觉问题开始"),
        ("rubric", _("Essays: what the assessor looks for."), ""),
        ("tags", _("Separated by commas."), "竞争, 政企"),
        ("id", _("Optional ID number; a re-import recognises the question by it."), "NA-001"),
    ]
