"""Scores match what Moodle awards for the same answers.

Each row: a GIFT question, an answer, and Moodle's fraction of the question's marks.
The expected fractions follow Moodle's documented rules, named per group:
- single choice: the chosen answer's grade (qtype_multichoice single, "grade_response");
- multiple answers: the grades of the chosen answers added up, kept within 0…1
  (qtype_multichoice multi, "grade_response": max(min(sum, 1), 0));
- short answer: the grade of the first answer in the editor's order that matches, with
  * matching any characters and case ignored unless "case sensitive" (qtype_shortanswer,
  "get_matching_answer" and "compare_string_with_wildcard");
- numerical: the grade of the first answer the number is within tolerance of
  (qtype_numerical, "get_matching_answer"; GIFT's a..b is the midpoint ± half the range);
- matching: the share of items matched right (qtype_match, "grade_response");
- true/false: all or nothing.
"""

from decimal import Decimal

import pytest

from quizzes.exchange import gift
from quizzes.scoring import score_answer


def snapshot_of(gift_text, *, points="1", case_sensitive=False):
    item = gift.read(gift_text)[0]
    return {
        "kind": item.kind,
        "points": points,
        "true": item.correct_is_true,
        "case_sensitive": case_sensitive,
        "choices": [
            {
                "id": index,
                "text": answer.text,
                "weight": str(answer.weight),
                "correct": answer.weight > 0,
                "tolerance": None if answer.tolerance is None else str(answer.tolerance),
                "match": answer.match,
            }
            for index, answer in enumerate(item.answers, start=1)
        ],
    }


def by_text(snapshot, *texts):
    ids = [choice["id"] for choice in snapshot["choices"] if choice["text"] in texts]
    assert len(ids) == len(texts)
    return ids


SINGLE = "题 {~wrong ~%50%half =full}"
MULTI = "题 {~%70%a ~%30%b ~%-100%c ~%-100%d}"
MULTI_ZERO = "题 {~%50%a ~%50%b ~c}"
SHORT = "Which animal? {=Frog =%50%Cat =%0%*}"
NUMBER = "题 {#3.14:0.01}"
RANGE = "题 {#1..5}"
GRANT = "Grant 生于 {#=1822:0 =%50%1822:2}"
MATCH = "配对 {=售前 -> 主导实干 =售中 -> 主导监督 =售后 -> 主导协调}"

CHOICE_ROWS = [
    # (question, chosen answers, Moodle's fraction)
    (SINGLE, ["full"], "1"),
    (SINGLE, ["half"], "0.5"),
    (SINGLE, ["wrong"], "0"),
    (MULTI, ["a"], "0.7"),
    (MULTI, ["a", "b"], "1"),
    (MULTI, ["b"], "0.3"),
    (MULTI, ["a", "c"], "0"),
    (MULTI, ["a", "b", "c"], "0"),
    (MULTI, ["a", "b", "c", "d"], "0"),
    (MULTI_ZERO, ["a", "c"], "0.5"),
    (MULTI_ZERO, ["a", "b", "c"], "1"),
]


@pytest.mark.parametrize(("question", "chosen", "fraction"), CHOICE_ROWS)
def test_choice_questions_score_as_moodle_does(question, chosen, fraction):
    snapshot = snapshot_of(question, points="10")
    ids = by_text(snapshot, *chosen)
    response = {"choice": ids[0]} if snapshot["kind"] == "single" else {"choices": ids}
    assert score_answer(snapshot, response) == Decimal(fraction) * 10


TEXT_ROWS = [
    (SHORT, "frog", "1", False),
    (SHORT, "FROG", "1", False),
    (SHORT, "cat", "0.5", False),
    (SHORT, "dog", "0", False),
    ("题 {=CRM}", "crm", "0", True),
    ("题 {=CRM}", "CRM", "1", True),
    ("题 {=*销售*}", "客户销售经理", "1", False),
    ("题 {=3.14}", "314", "0", False),
    (NUMBER, "3.15", "1", False),
    (NUMBER, "3.1500", "1", False),
    (NUMBER, "3.16", "0", False),
    (NUMBER, "３．１４", "1", False),
    (NUMBER, "三点一四", "0", False),
    (RANGE, "5", "1", False),
    (RANGE, "1", "1", False),
    (RANGE, "5.1", "0", False),
    (GRANT, "1822", "1", False),
    (GRANT, "1820", "0.5", False),
    (GRANT, "1,824", "0.5", False),
    (GRANT, "1819", "0", False),
]


@pytest.mark.parametrize(("question", "typed", "fraction", "case_sensitive"), TEXT_ROWS)
def test_typed_answers_score_as_moodle_does(question, typed, fraction, case_sensitive):
    snapshot = snapshot_of(question, points="10", case_sensitive=case_sensitive)
    assert score_answer(snapshot, {"text": typed}) == Decimal(fraction) * 10


def test_matching_earns_the_share_of_items_matched_right():
    snapshot = snapshot_of(MATCH, points="3")
    first, second, third = snapshot["choices"]
    swapped = {str(first["id"]): first["id"], str(second["id"]): third["id"], str(third["id"]): third["id"]}
    assert score_answer(snapshot, {"matches": swapped}) == Decimal(2)
    right = {str(choice["id"]): choice["id"] for choice in snapshot["choices"]}
    assert score_answer(snapshot, {"matches": right}) == Decimal(3)
    assert score_answer(snapshot, {}) == 0


def test_true_false_is_all_or_nothing():
    snapshot = snapshot_of("让步应当一次到位。{F}")
    assert score_answer(snapshot, {"answer": False}) == 1
    assert score_answer(snapshot, {"answer": True}) == 0


def test_snapshots_from_before_grades_score_as_they_did():
    """An attempt recorded before answers carried grades re-scores unchanged."""
    old = {
        "kind": "multiple",
        "points": "2",
        "choices": [
            {"id": 1, "text": "甲", "correct": True},
            {"id": 2, "text": "乙", "correct": True},
            {"id": 3, "text": "丙", "correct": False},
        ],
    }
    assert score_answer(old, {"choices": [1]}) == Decimal(1)
    assert score_answer(old, {"choices": [1, 2, 3]}) == Decimal(0)
