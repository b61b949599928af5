"""Bringing question banks in and out: CSV / Excel with one row per question, and
Moodle's GIFT text format (see `quizzes.gift`).

Import is all or nothing: every row is checked first and a file with any bad row is
rejected with one message per problem, naming the row; only a clean file is written,
in one transaction.

The table layout (also shown on the import page and in the README):

    category | type | question | competency | level | points | option_a … option_h |
    correct | explanation | rubric | tags

type: single, multiple, true_false, short_answer, ordering, essay (or 单选, 多选, 判断,
填空, 排序, 问答). correct: letters of the right options ("B", "A,C") for choice
questions; true / false (对 / 错) for true-or-false. Short answer: every option is an
accepted answer. Ordering: the options in the right order. tags: comma-separated.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from competencies.models import Competency, ProficiencyLevel
from core.spreadsheets import workbook_bytes
from quizzes.models import Choice, Question, QuestionCategory
from quizzes.scoring import plain_number

OPTION_LETTERS = "abcdefgh"
COLUMNS = (
    ["category", "type", "question", "competency", "level", "points"]
    + [f"option_{letter}" for letter in OPTION_LETTERS]
    + ["correct", "explanation", "rubric", "tags"]
)
TYPE_ALIASES = {
    "single": "single",
    "单选": "single",
    "单选题": "single",
    "multiple": "multiple",
    "多选": "multiple",
    "多选题": "multiple",
    "true_false": "true_false",
    "truefalse": "true_false",
    "判断": "true_false",
    "判断题": "true_false",
    "short_answer": "short_answer",
    "shortanswer": "short_answer",
    "填空": "short_answer",
    "填空题": "short_answer",
    "ordering": "ordering",
    "排序": "ordering",
    "排序题": "ordering",
    "essay": "essay",
    "问答": "essay",
    "问答题": "essay",
    "情景题": "essay",
}
TRUE_WORDS = {"true", "t", "yes", "y", "1", "对", "正确", "是", "√"}
FALSE_WORDS = {"false", "f", "no", "n", "0", "错", "错误", "否", "×"}
MAX_ROWS = 2000
# Blank rows are skipped, but only so many: a sheet formatted down to row 1,000,000
# would otherwise be read to its end.
MAX_SCANNED_ROWS = MAX_ROWS * 5


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong format, wrong encoding, no header)."""


@dataclass
class ParsedQuestion:
    row: int
    kind: str
    text: str
    category: str = ""
    competency: Competency | None = None
    level: ProficiencyLevel | None = None
    points: Decimal = Decimal(1)
    choices: list = field(default_factory=list)  # [(text, is_correct)]
    correct_is_true: bool | None = None
    explanation: str = ""
    rubric: str = ""
    tags: list = field(default_factory=list)


@dataclass
class Defaults:
    category: QuestionCategory | None = None
    competency: Competency | None = None
    level: ProficiencyLevel | None = None


class Lookups:
    """Competencies and levels by every name a file may use for them, loaded once."""

    def __init__(self):
        self.competencies = {}
        for competency in Competency.objects.all():
            self.competencies[competency.code.casefold()] = competency
            self.competencies[competency.name.casefold()] = competency
        self.levels = {level.number: level for level in ProficiencyLevel.objects.all()}

    def competency(self, value):
        return self.competencies.get(str(value).strip().casefold())

    def level(self, value):
        try:
            return self.levels.get(int(Decimal(str(value).strip())))
        except (InvalidOperation, ValueError):
            return None


# ---------------------------------------------------------------- reading tables


def read_table(upload):
    """Rows of a CSV or .xlsx upload as dicts keyed by lower-case column name, with
    their row number in the file (the header is row 1)."""
    name = (upload.name or "").lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(upload)
    if name.endswith(".csv"):
        return _read_csv(upload)
    raise ImportFileError(_("Upload a .csv, .xlsx, .gift or .txt file."))


def _read_csv(upload):
    raw = upload.read()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("The CSV file is not in UTF-8 or GB18030 encoding."))
    return _rows_with_header(csv.reader(io.StringIO(text)))


def _read_xlsx(upload):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(_("This is not a readable Excel (.xlsx) file.")) from error
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        return _rows_with_header(["" if cell is None else str(cell) for cell in row] for row in rows)
    finally:
        workbook.close()


def _rows_with_header(rows):
    """Reads `rows` (an iterator) only as far as the limits allow: a sheet of 400,000
    rows is refused after its first few thousand, not after reading them all."""
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
    records = []
    too_many = ImportFileError(_("At most %(count)s questions per file.") % {"count": MAX_ROWS})
    for number, row in enumerate(rows, start=2):
        if number > MAX_SCANNED_ROWS:
            raise too_many
        if not any(str(cell).strip() for cell in row):
            continue
        records.append(
            (number, {header[index]: str(cell).strip() for index, cell in enumerate(row) if index < len(header)})
        )
        if len(records) > MAX_ROWS:
            raise too_many
    return records


def parse_rows(records, defaults):
    """ParsedQuestions and [(row, message)] errors for table rows."""
    lookups = Lookups()
    parsed, errors = [], []
    for row, record in records:
        problems = []
        kind = TYPE_ALIASES.get(record.get("type", "").strip().lower().replace(" ", "").replace("-", "_"))
        if kind is None:
            problems.append(_("unknown type “%(type)s”") % {"type": record.get("type", "")})
        text = record.get("question", "")
        if not text:
            problems.append(_("the question text is empty"))
        options = [record.get(f"option_{letter}", "") for letter in OPTION_LETTERS]
        options = [option for option in options if option]
        question = ParsedQuestion(row=row, kind=kind or "", text=text[:4000])
        question.category = record.get("category", "") or (defaults.category.name if defaults.category else "")
        if not question.category:
            problems.append(_("no category (name one, or choose a default)"))
        resolve_model_fields(
            question,
            record.get("competency", ""),
            record.get("level", ""),
            lookups=lookups,
            defaults=defaults,
            problems=problems,
            hints=TABLE_HINTS,
        )
        question.points = parse_points(record.get("points", ""), problems)
        question.explanation = record.get("explanation", "")[:4000]
        question.rubric = record.get("rubric", "")[:4000]
        question.tags = [tag.strip() for tag in record.get("tags", "").replace("，", ",").split(",") if tag.strip()]
        if kind:
            _answers_from_row(question, options, record.get("correct", ""), problems)
        if problems:
            errors.extend((row, problem) for problem in problems)
        else:
            parsed.append(question)
    return parsed, errors


def resolve_model_fields(question, competency_value, level_value, *, lookups, defaults, problems, hints):
    """Set the question's competency and level from the file's values, or the chosen
    defaults when the file gives none. `hints` = (what to write for a missing
    competency, for a missing level), phrased for the file format."""
    for attribute, value, find, unknown, missing in (
        ("competency", competency_value, lookups.competency, _("unknown competency “%(value)s”"), hints[0]),
        ("level", level_value, lookups.level, _("unknown level “%(value)s”"), hints[1]),
    ):
        found = find(value) if value else getattr(defaults, attribute)
        setattr(question, attribute, found)
        if found is None:
            problems.append(unknown % {"value": value} if value else missing)


TABLE_HINTS = (
    gettext_lazy("no competency (name one, or choose a default)"),
    gettext_lazy("no level (give 1–3, or choose a default)"),
)


def parse_points(value, problems):
    if not value:
        return Decimal(1)
    try:
        points = Decimal(value.replace("，", "."))
    except InvalidOperation:
        problems.append(_("points “%(value)s” is not a number") % {"value": value})
        return Decimal(1)
    if not Decimal("0.5") <= points <= Decimal(999):
        problems.append(_("points must be between 0.5 and 999"))
    return points.quantize(Decimal("0.01"))


def _correct_letters(value):
    letters = set()
    for char in value.lower():
        if char in OPTION_LETTERS:
            letters.add(OPTION_LETTERS.index(char))
        elif char.isdigit() and 1 <= int(char) <= len(OPTION_LETTERS):
            letters.add(int(char) - 1)
    return letters


def _answers_from_row(question, options, correct, problems):
    kind = question.kind
    if kind in ("single", "multiple"):
        chosen = _correct_letters(correct)
        if chosen and max(chosen) >= len(options):
            problems.append(_("“correct” names an option that is empty"))
        question.choices = [(option, index in chosen) for index, option in enumerate(options)]
    elif kind == "true_false":
        word = correct.strip().lower()
        question.correct_is_true = True if word in TRUE_WORDS else False if word in FALSE_WORDS else None
    elif kind == "short_answer":
        question.choices = [(option, True) for option in options]
    elif kind == "ordering":
        question.choices = [(option, False) for option in options]
    problems.extend(validate_question(question))


# ---------------------------------------------------------------- writing


def validate_question(question):
    """The rules a question of each type must keep, as messages; shared by the admin
    form and by imports so both refuse the same things."""
    problems = []
    choices = question.choices
    correct = [choice for choice in choices if choice[1]]
    if question.kind in ("single", "multiple"):
        if len(choices) < 2:
            problems.append(_("A choice question needs at least two choices."))
        elif question.kind == "single" and len(correct) != 1:
            problems.append(_("A single-choice question needs exactly one correct choice."))
        elif not correct:
            problems.append(_("A multiple-choice question needs at least one correct choice."))
    elif question.kind == "true_false" and question.correct_is_true is None:
        problems.append(_("Say whether the statement is true or false (对 or 错)."))
    elif question.kind == "short_answer" and not choices:
        problems.append(_("Give at least one accepted answer."))
    elif question.kind == "ordering" and len(choices) < 2:
        problems.append(_("List at least two items in the right order."))
    return problems


@transaction.atomic
def save_questions(parsed, *, user=None):
    """Create the questions (and any missing categories), each with a first revision."""
    categories = {category.name: category for category in QuestionCategory.objects.all()}
    created = []
    for item in parsed:
        category = categories.get(item.category)
        if category is None:
            category = categories[item.category] = QuestionCategory.objects.create(name=item.category[:80])
        question = Question(
            category=category,
            kind=item.kind,
            text=item.text,
            competency=item.competency,
            level=item.level,
            points=item.points,
            correct_is_true=item.correct_is_true if item.kind == "true_false" else None,
            explanation=item.explanation,
            rubric=item.rubric,
        )
        question.choices = [
            Choice(text=text[:500], is_correct=is_correct, sort_order=index)
            for index, (text, is_correct) in enumerate(item.choices)
        ]
        question.save()
        if item.tags:
            question.tags.set(item.tags)
            question.save()
        question.save_revision(user=user, log_action=True)
        created.append(question)
    return created


def export_rows(questions):
    """One dict per question in the import layout; ordering questions list their items
    in the right order."""
    rows = []
    for question in questions:
        choices = list(question.choices.all())
        row = dict.fromkeys(COLUMNS, "")
        row.update(
            {
                "category": question.category.name,
                "type": question.kind,
                "question": question.text,
                "competency": question.competency.code,
                "level": question.level.number,
                "points": plain_number(question.points),
                "explanation": question.explanation,
                "rubric": question.rubric,
                "tags": ", ".join(tag.name for tag in question.tags.all()),
            }
        )
        for letter, choice in zip(OPTION_LETTERS, choices, strict=False):
            row[f"option_{letter}"] = choice.text
        if question.kind in ("single", "multiple"):
            row["correct"] = ",".join(
                OPTION_LETTERS[index].upper() for index, choice in enumerate(choices[:8]) if choice.is_correct
            )
        elif question.kind == "true_false":
            row["correct"] = "true" if question.correct_is_true else "false"
        rows.append(row)
    return rows


def write_csv(rows):
    buffer = io.StringIO()
    # A BOM so that Excel on Chinese Windows opens the file as UTF-8.
    buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def write_xlsx(rows):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "questions"
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([row[column] for column in COLUMNS])
    return workbook_bytes(workbook)


def questions_for_export(category=None):
    questions = Question.objects.select_related("category", "competency", "level").prefetch_related("choices", "tags")
    if category is not None:
        questions = questions.filter(category=category)
    return questions.order_by("category__name", "pk")
