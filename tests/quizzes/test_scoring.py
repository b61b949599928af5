"""Scoring every question type, straight against snapshots (no database)."""

from decimal import Decimal

import pytest

from quizzes.scoring import indicated_level, normalise_text, score_answer


def snapshot(kind, choices=(), points="2", true=None):
    return {
        "kind": kind,
        "points": points,
        "true": true,
        "choices": [
            {"id": index, "text": text, "correct": correct} for index, (text, correct) in enumerate(choices, 1)
        ],
    }


SINGLE = snapshot("single", [("察觉问题", True), ("立即降价", False), ("等待", False)])
MULTIPLE = snapshot("multiple", [("A", True), ("B", True), ("C", False), ("D", False)])


@pytest.mark.parametrize(
    ("response", "expected"),
    [({"choice": 1}, "2.00"), ({"choice": 2}, "0.00"), ({}, "0.00"), ({"choice": 99}, "0.00"), (None, "0.00")],
)
def test_single_choice(response, expected):
    assert score_answer(SINGLE, response) == Decimal(expected)


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        ([1, 2], "2.00"),  # everything right
        ([1], "1.00"),  # half the right ones: half the points
        ([1, 3], "0.00"),  # one right (+1/2) cancelled by one wrong (-1/2)
        ([1, 2, 3], "1.00"),  # all right (+1) and one of two wrong (-1/2)
        ([1, 2, 3, 4], "0.00"),  # choosing everything earns nothing
        ([3, 4], "0.00"),  # never below zero
        ([], "0.00"),
    ],
)
def test_multiple_choice_gives_partial_credit_and_nothing_for_guessing_all(chosen, expected):
    assert score_answer(MULTIPLE, {"choices": chosen}) == Decimal(expected)


@pytest.mark.parametrize(("answer", "expected"), [(False, "2.00"), (True, "0.00"), (None, "0.00")])
def test_true_false(answer, expected):
    question = snapshot("true_false", true=False)
    assert score_answer(question, {"answer": answer} if answer is not None else {}) == Decimal(expected)


SHORT = snapshot("short_answer", [("决策者", True), ("FMC业务", True), ("VPN", True)])


@pytest.mark.parametrize(
    "typed",
    [
        "决策者",
        " 决策者 ",
        "决策者。",
        "“决策者”",
        "决 策 者",
        "ＦＭＣ业务",
        "fmc业务",
        "FMC 业务！",
        "vpn",
        "ＶＰＮ，",
    ],
)
def test_short_answers_ignore_case_width_spaces_and_chinese_punctuation(typed):
    assert score_answer(SHORT, {"text": typed}) == Decimal("2.00")


@pytest.mark.parametrize("typed", ["决策", "决策者们", "", "。", "FMV"])
def test_short_answers_still_have_to_be_right(typed):
    assert score_answer(SHORT, {"text": typed}) == Decimal("0.00")


def test_normalise_text_folds_full_width_and_drops_punctuation():
    assert normalise_text("ＡＢＣ，１２３。") == "abc123"


NUMBER = snapshot("short_answer", [("3.14", True)])


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("3.14", "2.00"),
        (" 3.14。", "2.00"),
        ("３．１４", "2.00"),
        ("3。14", "2.00"),  # a Chinese keyboard's full stop between digits
        ("314", "0.00"),
        ("-3.14", "0.00"),
        ("−3.14", "0.00"),
        ("3.1.4", "0.00"),
    ],
)
def test_short_answers_keep_the_decimal_point_and_the_sign_of_a_number(typed, expected):
    assert score_answer(NUMBER, {"text": typed}) == Decimal(expected)


def test_a_negative_key_needs_the_minus_sign():
    question = snapshot("short_answer", [("-5", True)])
    assert score_answer(question, {"text": "－5"}) == Decimal("2.00")
    assert score_answer(question, {"text": "5"}) == Decimal("0.00")
    # A hyphen inside a word is still punctuation.
    assert normalise_text("B-2 专线") == "b2专线"


ORDERING = snapshot("ordering", [("一", False), ("二", False), ("三", False), ("四", False)], points="4")


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ([1, 2, 3, 4], "4.00"),
        ([1, 2, 4, 3], "2.00"),  # two of four in place
        ([4, 3, 2, 1], "0.00"),
        ([1, 2, 3], "0.00"),  # incomplete answers score nothing
        ([1, 1, 2, 3], "0.00"),
    ],
)
def test_ordering_scores_the_share_in_the_right_place(order, expected):
    assert score_answer(ORDERING, {"order": order}) == Decimal(expected)


def test_essays_wait_for_an_assessor():
    assert score_answer(snapshot("essay"), {"text": "我的分析"}) is None


@pytest.mark.parametrize(
    ("by_level", "expected"),
    [
        ({}, None),
        ({1: Decimal(50)}, None),
        ({1: Decimal(80)}, 1),
        ({1: Decimal(80), 2: Decimal(70), 3: Decimal(40)}, 2),
        ({1: Decimal(40), 2: Decimal(100)}, None),  # a level counts only on top of the ones below
        ({2: Decimal(90), 3: Decimal(60)}, 3),  # levels the quiz did not ask are skipped
    ],
)
def test_indicated_level_walks_up_from_level_one(by_level, expected):
    assert indicated_level(by_level, mastery=60) == expected
