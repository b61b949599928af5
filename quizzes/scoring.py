"""Scoring one answer against the snapshot of the question it answers.

Pure functions: no database, so every rule is easy to test and the same rule scores an
attempt today and re-scores a years-old snapshot tomorrow. A fraction is between 0 and 1;
`score_answer` turns it into points. Essays are not scored here: an assessor grades them.
"""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")


def score_answer(snapshot, response):
    """Points earned, or None for an essay awaiting an assessor."""
    kind = snapshot["kind"]
    if kind == "essay":
        return None
    fraction = FRACTIONS[kind](snapshot, response or {})
    return (Decimal(snapshot["points"]) * Decimal(str(fraction))).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _correct_ids(snapshot):
    return {choice["id"] for choice in snapshot["choices"] if choice["correct"]}


def single_choice(snapshot, response):
    return 1.0 if response.get("choice") in _correct_ids(snapshot) else 0.0


def multiple_choice(snapshot, response):
    """Each right choice earns its share, each wrong one costs its share: choosing
    everything scores nothing, and no answer drops below zero."""
    chosen = set(response.get("choices") or [])
    correct = _correct_ids(snapshot)
    wrong = {choice["id"] for choice in snapshot["choices"]} - correct
    if not correct:
        return 0.0
    earned = len(chosen & correct) / len(correct)
    lost = len(chosen & wrong) / len(wrong) if wrong else 0.0
    return max(0.0, min(1.0, earned - lost))


def true_false(snapshot, response):
    answer = response.get("answer")
    return 1.0 if answer is not None and answer == snapshot["true"] else 0.0


def normalise_text(text):
    """The form in which short answers are compared: full-width letters and digits made
    half-width, case folded, and whitespace and punctuation (Chinese or not) dropped,
    except what changes a number: a decimal point between digits (。 typed by a Chinese
    keyboard counts as one) and a minus sign before one. "3.14" is not "314", and
    "-3.14" is not "3.14"."""
    folded = unicodedata.normalize("NFKC", str(text or "")).casefold().replace("\u2212", "-")
    kept = {match.start() for match in NUMBER_PUNCTUATION.finditer(folded)}
    return "".join(
        ("." if char == "。" else char)
        for position, char in enumerate(folded)
        if position in kept or unicodedata.category(char)[0] not in "PZC"
    )


# A decimal point between two digits; a minus sign before a digit that starts a word.
NUMBER_PUNCTUATION = re.compile(r"(?<=\d)[.。](?=\d)|(?<!\w)-(?=\d)")


def short_answer(snapshot, response):
    given = normalise_text(response.get("text"))
    if not given:
        return 0.0
    accepted = {normalise_text(choice["text"]) for choice in snapshot["choices"]}
    return 1.0 if given in accepted else 0.0


def ordering(snapshot, response):
    """The share of items in their right position (Moodle's "absolute position")."""
    right = [choice["id"] for choice in snapshot["choices"]]
    given = list(response.get("order") or [])
    if not right or sorted(given) != sorted(right):
        return 0.0
    return sum(1 for mine, theirs in zip(given, right, strict=True) if mine == theirs) / len(right)


FRACTIONS = {
    "single": single_choice,
    "multiple": multiple_choice,
    "true_false": true_false,
    "short_answer": short_answer,
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
