"""Scoring one answer against the snapshot of the question it answers.

Pure functions: no database, so every rule is easy to test and the same rule scores an
attempt today and re-scores a years-old snapshot tomorrow. A fraction is between 0 and 1;
`score_answer` turns it into points. Essays are not scored here: an assessor grades them.
"""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

TWO_PLACES = Decimal("0.01")
HUNDRED = Decimal(100)


def score_answer(snapshot, response):
    """Points earned, or None for an essay awaiting an assessor."""
    kind = snapshot["kind"]
    if kind == "essay":
        return None
    if kind == "description":
        return Decimal(0)
    fraction = FRACTIONS[kind](snapshot, response or {})
    return (Decimal(snapshot["points"]) * fraction).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def weights(snapshot):
    """{choice id: share of the points it earns}, from 1 down to -1 (Moodle's answer
    fractions). Snapshots taken before answers carried a grade knew only right and
    wrong: they are read the way they were scored then."""
    choices = snapshot["choices"]
    if all("weight" in choice for choice in choices):
        return {choice["id"]: Decimal(choice["weight"]) / HUNDRED for choice in choices}
    right = [choice["id"] for choice in choices if choice["correct"] or snapshot["kind"] == "short_answer"]
    wrong = [choice["id"] for choice in choices if choice["id"] not in right]
    if snapshot["kind"] == "multiple":
        shares = {pk: Decimal(1) / len(right) for pk in right}
        shares.update({pk: Decimal(-1) / len(wrong) for pk in wrong})
        return shares
    return {choice["id"]: Decimal(1 if choice["id"] in right else 0) for choice in choices}


def full_credit_ids(snapshot):
    """The answers that earn all the points on their own (for single choice, short
    answer, numerical), or the right ones that together do (multiple answers)."""
    shares = weights(snapshot)
    if snapshot["kind"] == "multiple":
        return {pk for pk, share in shares.items() if share > 0}
    return {pk for pk, share in shares.items() if share >= 1}


def single_choice(snapshot, response):
    """The chosen answer's grade: partial credit, or a penalty, as the editor set it."""
    return weights(snapshot).get(response.get("choice"), Decimal(0))


def multiple_choice(snapshot, response):
    """The grades of the chosen answers added up, kept between 0 and 1 (Moodle's rule):
    choosing everything earns the right answers' share less the wrong ones'."""
    shares = weights(snapshot)
    total = sum((shares.get(pk, Decimal(0)) for pk in set(response.get("choices") or [])), Decimal(0))
    return max(Decimal(0), min(Decimal(1), total))


def true_false(snapshot, response):
    answer = response.get("answer")
    return Decimal(1 if answer is not None and answer == snapshot["true"] else 0)


def normalise_text(text, *, case_sensitive=False):
    """The form in which short answers are compared: full-width letters and digits made
    half-width, case folded (unless the question says case matters), and whitespace and
    punctuation (Chinese or not) dropped, except what changes a number: a decimal point
    between digits (。 typed by a Chinese keyboard counts as one) and a minus sign before
    one. "3.14" is not "314", and "-3.14" is not "3.14"."""
    folded = unicodedata.normalize("NFKC", str(text or "")).replace("\u2212", "-")
    if not case_sensitive:
        folded = folded.casefold()
    kept = {match.start() for match in NUMBER_PUNCTUATION.finditer(folded)}
    return "".join(
        ("." if char == "。" else char)
        for position, char in enumerate(folded)
        if position in kept or unicodedata.category(char)[0] not in "PZC"
    )


# A decimal point between two digits; a minus sign before a digit that starts a word.
NUMBER_PUNCTUATION = re.compile(r"(?<=\d)[.。](?=\d)|(?<!\w)-(?=\d)")
# Moodle's wildcard: * stands for any characters; \* is a literal star.
WILDCARD = re.compile(r"(?<!\\)\*")


def accepts(pattern, given, *, case_sensitive=False):
    """Whether a normalised answer matches an accepted answer, * matching anything."""
    parts = [normalise_text(part, case_sensitive=case_sensitive) for part in WILDCARD.split(pattern)]
    if len(parts) == 1:
        return given == parts[0]
    return re.fullmatch(".*".join(re.escape(part) for part in parts), given, re.DOTALL) is not None


def short_answer(snapshot, response):
    """The grade of the first accepted answer the text matches, in the editor's order
    (Moodle's rule: a catch-all * at 0 % after the real answers gives no credit)."""
    return _grade_of(snapshot, matched_answer(snapshot, response))


def matched_answer(snapshot, response):
    """The accepted answer (short answer or numerical) a typed answer earns its grade
    from: the first that matches, in the editor's order, or None."""
    if snapshot["kind"] == "numerical":
        value = parse_number(response.get("text"))
        if value is None:
            return None
        for choice in snapshot["choices"]:
            if choice["text"].strip() == "*":
                return choice
            accepted = parse_number(choice["text"])
            if accepted is not None and abs(value - accepted) <= Decimal(choice.get("tolerance") or 0):
                return choice
        return None
    case_sensitive = bool(snapshot.get("case_sensitive"))
    given = normalise_text(response.get("text"), case_sensitive=case_sensitive)
    if not given:
        return None
    return next((c for c in snapshot["choices"] if accepts(c["text"], given, case_sensitive=case_sensitive)), None)


def _grade_of(snapshot, choice):
    return Decimal(0) if choice is None else max(Decimal(0), weights(snapshot)[choice["id"]])


def parse_number(text):
    """A typed number as a Decimal, or None: full-width digits, 。 as the decimal point,
    spaces and thousands separators (1,000) are allowed; NaN and infinity are not."""
    cleaned = unicodedata.normalize("NFKC", str(text or "")).strip().replace("\u2212", "-").replace("。", ".")
    cleaned = THOUSANDS.sub("", cleaned.replace(" ", ""))
    if not cleaned or len(cleaned) > 60:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def numerical(snapshot, response):
    """The grade of the first accepted number the answer is within tolerance of."""
    return _grade_of(snapshot, matched_answer(snapshot, response))


def matching(snapshot, response):
    """The share of items given their right match (Moodle's rule). A learner picks an
    answer by the id of a choice carrying it, so two items sharing one answer work."""
    by_id = {choice["id"]: choice for choice in snapshot["choices"]}
    items = [choice for choice in snapshot["choices"] if choice["text"]]
    if not items:
        return Decimal(0)
    given = response.get("matches") or {}
    right = 0
    for item in items:
        chosen = by_id.get(given.get(str(item["id"])))
        if chosen is not None and chosen["match"] == item["match"]:
            right += 1
    return Decimal(right) / len(items)


def ordering(snapshot, response):
    """The share of items in their right position (Moodle's "absolute position")."""
    right = [choice["id"] for choice in snapshot["choices"]]
    given = list(response.get("order") or [])
    if not right or sorted(given) != sorted(right):
        return Decimal(0)
    return Decimal(sum(1 for mine, theirs in zip(given, right, strict=True) if mine == theirs)) / len(right)


FRACTIONS = {
    "single": single_choice,
    "multiple": multiple_choice,
    "true_false": true_false,
    "short_answer": short_answer,
    "numerical": numerical,
    "matching": matching,
    "ordering": ordering,
}


def plain_number(value):
    """2, 2.5 or 10: never 2.00 or 1E+1."""
    return format(Decimal(value).normalize(), "f")


def percent(score, out_of):
    if not out_of:
        return Decimal("0.00")
    return (Decimal(score) * 100 / Decimal(out_of)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def indicated_level(percent_by_level, mastery):
    """The highest proficiency level shown, walking up from level 1: a level counts when
    the learner reached `mastery` percent on its questions and on every level below.
    Levels the quiz did not ask about are skipped rather than failed."""
    reached = None
    for level in sorted(percent_by_level):
        if percent_by_level[level] < mastery:
            break
        reached = level
    return reached
