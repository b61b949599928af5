"""The one shape every exchange format reads into and writes from.

A format module (GIFT, Moodle XML, a spreadsheet) only turns text into `Item`s and back;
checking, resolving competencies and saving happen once, in `quizzes.importing`, so a
new format is one file and the round trip is tested once for all of them.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from quizzes.models import CHOICE_MAX, TEXT_MAX, Question
from quizzes.scoring import parse_number, plain_number

HUNDRED = Decimal(100)
# Moodle writes grades with five decimals (33.33333); so do we.
WEIGHT_PLACES = Decimal("0.00001")
CHOICE_KINDS = ("single", "multiple")


@dataclass
class Answer:
    """One answer: a choice, an accepted text or number, an item with its match, or an
    item to order. `weight` is Moodle's grade in percent, from -100 to 100."""

    text: str
    weight: Decimal = Decimal(0)
    feedback: str = ""
    tolerance: Decimal | None = None
    match: str = ""


@dataclass
class Note:
    """Something the editor must see before importing. A blocking note means the item
    cannot be carried as it is: the editor skips it or stops."""

    message: str
    blocking: bool = False


@dataclass
class Item:
    kind: str
    text: str
    line: int = 0
    name: str = ""
    text_format: str = "plain"
    category: str = ""
    competency: str = ""
    level: str = ""
    points: Decimal | None = None
    answers: list = field(default_factory=list)
    correct_is_true: bool | None = None
    feedback_true: str = ""
    feedback_false: str = ""
    case_sensitive: bool = False
    explanation: str = ""
    rubric: str = ""
    tags: list = field(default_factory=list)
    external_id: str = ""
    notes: list = field(default_factory=list)

    def note(self, message, *, blocking=False):
        self.notes.append(Note(str(message), blocking))

    @property
    def blocked(self):
        return any(note.blocking for note in self.notes)

    def fingerprint(self):
        """What makes two questions the same question: the category, the type, the
        text and the answers with their grades."""
        answers = tuple(
            (answer.text.strip(), str(Decimal(answer.weight).normalize()), answer.match.strip())
            for answer in self.answers
        )
        return (self.category, self.kind, " ".join(self.text.split()), answers, self.correct_is_true)


def from_question(question):
    """The Item for a saved question (its choices and tags prefetched, ideally)."""
    return Item(
        kind=question.kind,
        text=question.text,
        name=question.name,
        text_format=question.text_format,
        category=question.category.name,
        competency=question.competency.code,
        level=str(question.level.number),
        points=question.points,
        answers=[
            Answer(
                text=choice.text,
                weight=choice.weight,
                feedback=choice.feedback,
                tolerance=choice.tolerance,
                match=choice.match,
            )
            for choice in question.choices.all()
        ],
        correct_is_true=question.correct_is_true,
        feedback_true=question.feedback_true,
        feedback_false=question.feedback_false,
        case_sensitive=question.case_sensitive,
        explanation=question.explanation,
        rubric=question.rubric,
        tags=[tag.name for tag in question.tags.all()],
        external_id=question.external_id,
    )


def numerical_answer(value):
    """("3.14", Decimal("0.01")) for "3.14:0.01", ("3", 2) for the range "1..5",
    ("*", None) for any number; None when the text is none of these."""
    value = value.strip()
    if value == "*":
        return "*", None
    if ".." in value:
        low, high = (parse_number(part) for part in value.split("..", 1))
        if low is None or high is None or high < low:
            return None
        return plain_number((low + high) / 2), (high - low) / 2
    number, _colon, tolerance = value.partition(":")
    parsed_tolerance = parse_number(tolerance) if tolerance else Decimal(0)
    if parse_number(number) is None or parsed_tolerance is None:
        return None
    return number.strip(), abs(parsed_tolerance)


def weight(value):
    return Decimal(value).quantize(WEIGHT_PLACES)


def shown_weight(value):
    """A grade as files and screens show it: 100, 50 or 33.33333."""
    return plain_number(Decimal(value).quantize(WEIGHT_PLACES))


def validate(item):
    """The rules a question of each type must keep, as messages; shared by the admin
    form and every import so all refuse the same things (Moodle's own editing rules)."""
    problems = []
    answers = item.answers
    shares = [Decimal(answer.weight) for answer in answers]
    if any(not -HUNDRED <= share <= HUNDRED for share in shares):
        problems.append(_("A grade must be between -100% and 100%."))
    if item.kind in CHOICE_KINDS:
        if len(answers) < 2:
            problems.append(_("A choice question needs at least two choices."))
        elif item.kind == "single" and max(shares) != HUNDRED:
            problems.append(_("A single-choice question needs one answer graded 100%."))
        elif item.kind == "multiple":
            positive = sum((share for share in shares if share > 0), Decimal(0))
            if abs(positive - HUNDRED) > Decimal("0.001"):
                problems.append(
                    _(
                        "The grades of the right answers of a multiple-answer question must add up to "
                        "100%% (now %(sum)s%%)."
                    )
                    % {"sum": shown_weight(positive)}
                )
    elif item.kind == "true_false" and item.correct_is_true is None:
        problems.append(_("Say whether the statement is true or false (对 or 错)."))
    elif item.kind == "short_answer":
        if not answers:
            problems.append(_("Give at least one accepted answer."))
        elif max(shares) != HUNDRED:
            problems.append(_("One accepted answer must be graded 100%."))
    elif item.kind == "numerical":
        if not answers:
            problems.append(_("Give at least one accepted number."))
        elif max(shares) != HUNDRED:
            problems.append(_("One accepted number must be graded 100%."))
        for answer in answers:
            if answer.text.strip() != "*" and parse_number(answer.text) is None:
                problems.append(_("“%(value)s” is not a number.") % {"value": answer.text})
            if answer.tolerance is not None and Decimal(answer.tolerance) < 0:
                problems.append(_("A tolerance cannot be negative."))
    elif item.kind == "matching":
        pairs = [answer for answer in answers if answer.text.strip()]
        if len(pairs) < 2 or any(not answer.match.strip() for answer in pairs):
            problems.append(_("A matching question needs at least two items, each with its answer."))
    elif item.kind == "ordering" and len(answers) < 2:
        problems.append(_("List at least two items in the right order."))
    if item.kind != "description" and item.points is not None and not Decimal("0.5") <= item.points <= 999:
        problems.append(_("Points must be between 0.5 and 999."))
    return problems


def check_lengths(item):
    """Blocking notes for texts longer than the bank keeps: never cut without a word."""
    limits = [(item.text, TEXT_MAX, _("the question text")), (item.explanation, TEXT_MAX, _("the general feedback"))]
    limits += [(item.rubric, TEXT_MAX, _("the rubric")), (item.name, 255, _("the question name"))]
    for answer in item.answers:
        limits += [(answer.text, CHOICE_MAX, _("an answer")), (answer.match, CHOICE_MAX, _("a matching answer"))]
        limits.append((answer.feedback, TEXT_MAX, _("an answer's feedback")))
    for text, limit, what in limits:
        if len(text or "") > limit:
            item.note(
                _("%(what)s is %(length)s characters long; the bank keeps at most %(limit)s.")
                % {"what": what, "length": len(text), "limit": limit},
                blocking=True,
            )


KIND_LABELS = dict(Question.Kind.choices)
