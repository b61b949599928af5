"""How a measured level is read from the evidence: the rules the profile page states."""

from datetime import UTC, datetime, timedelta

import pytest

from competencies.levels import (
    HALF_LIFE_DAYS,
    LevelShown,
    Reading,
    latest_self_assessment,
    measured_level,
    reached_level,
)

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def quiz(level, days_ago=0):
    return Reading("quiz", level, NOW - timedelta(days=days_ago))


def rating(level, days_ago=0):
    return Reading("assessor", level, NOW - timedelta(days=days_ago))


def own_view(level, days_ago=0):
    return Reading("self", level, NOW - timedelta(days=days_ago))


def test_no_evidence_means_not_measured_and_nothing_reached():
    assert measured_level([], now=NOW) is None
    assert reached_level(None) == 0


def test_one_attempt_is_the_level():
    assert measured_level([quiz(2)], now=NOW) == 2.0


def test_a_quiz_below_level_one_counts_as_zero():
    assert measured_level([quiz(None), quiz(2)], now=NOW) == 1.0


def test_a_recent_attempt_outweighs_an_old_one():
    # Level 1 a year ago (weight 1/4) and level 3 today (weight 1): (0.25 + 3) / 1.25.
    assert measured_level([quiz(1, days_ago=2 * HALF_LIFE_DAYS), quiz(3)], now=NOW) == 2.6
    # The same two the other way round: the recent weak result pulls the level down.
    assert measured_level([quiz(3, days_ago=2 * HALF_LIFE_DAYS), quiz(1)], now=NOW) == 1.4


def test_attempts_of_the_same_age_weigh_the_same():
    assert measured_level([quiz(1, days_ago=30), quiz(2, days_ago=30)], now=NOW) == 1.5


def test_an_assessor_rating_counts_double():
    # Quiz level 1 (weight 1) and an assessor's level 3 (weight 2): 7 / 3.
    assert measured_level([quiz(1), rating(3)], now=NOW) == 2.3


def test_self_assessment_never_changes_the_measured_level():
    assert measured_level([own_view(3)], now=NOW) is None
    assert measured_level([quiz(1), own_view(3)], now=NOW) == 1.0


def test_the_latest_self_assessment_is_shown():
    assert latest_self_assessment([own_view(1, days_ago=40), own_view(3, days_ago=2), quiz(2)]) == 3
    assert latest_self_assessment([quiz(2)]) is None


@pytest.mark.parametrize(("measured", "reached"), [(0.0, 0), (1.4, 1), (1.5, 2), (2.49, 2), (3.0, 3)])
def test_a_level_is_reached_from_halfway_up(measured, reached):
    assert reached_level(measured) == reached


def test_evidence_from_the_future_is_not_weighted_up():
    # A clock skew between servers must not make a reading count more than today's.
    assert measured_level([quiz(1, days_ago=-10), quiz(3)], now=NOW) == 2.0


@pytest.mark.parametrize(
    ("measured", "whole", "next_level", "progress"),
    [
        (None, 0, None, None),
        (0.0, 0, 1, 0),
        (0.4, 0, 1, 80),
        (1.4, 1, 2, 90),
        (1.5, 2, 3, 0),
        (1.6, 2, 3, 10),
        (2.5, 3, None, None),
        (3.0, 3, None, None),
    ],
)
def test_a_level_is_shown_whole_with_the_way_to_the_next(measured, whole, next_level, progress):
    shown = LevelShown(measured, top=3)
    assert (shown.whole, shown.next_level, shown.progress) == (whole, next_level, progress)
