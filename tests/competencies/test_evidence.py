from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from competencies.models import Competency, Evidence, ProficiencyLevel
from competencies.services import record_evidence
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def negotiation(competency_model):
    return Competency.objects.get(code="negotiation")


def test_a_quiz_score_enters_the_ledger(learner, negotiation):
    evidence = record_evidence(
        user=learner, competency=negotiation, source=Evidence.Source.QUIZ, score=82.456, reference="谈判测评"
    )
    assert evidence.score == Decimal("82.46")
    assert list(Evidence.objects.filter(user=learner).values_list("reference", flat=True)) == ["谈判测评"]


def test_an_assessor_rating_records_the_level_and_who_gave_it(learner, negotiation):
    assessor = UserFactory()
    level = ProficiencyLevel.objects.get(number=2)
    evidence = record_evidence(
        user=learner, competency=negotiation, source=Evidence.Source.ASSESSOR, level=level, recorded_by=assessor
    )
    assert (evidence.level, evidence.recorded_by) == (level, assessor)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"source": "quiz"}, "能力证据需要有层级或得分。"),
        ({"source": "quiz", "score": 101}, "得分必须是 0 到 100 之间的数字。"),
        ({"source": "quiz", "score": "abc"}, "得分必须是 0 到 100 之间的数字。"),
        ({"source": "rumour", "score": 50}, "未知的证据来源：rumour"),
        ({"source": "assessor", "score": 50}, "评测师评分必须注明评测师。"),
    ],
)
def test_bad_evidence_is_refused_with_a_reason(learner, negotiation, kwargs, message):
    with pytest.raises(ValidationError, match=message):
        record_evidence(user=learner, competency=negotiation, **kwargs)
    assert not Evidence.objects.exists()


def test_nobody_self_assesses_for_someone_else(learner, negotiation):
    with pytest.raises(ValidationError):
        record_evidence(user=learner, competency=negotiation, source="self", score=60, recorded_by=UserFactory())


def test_the_database_refuses_evidence_without_level_or_score(learner, negotiation):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(user=learner, competency=negotiation, source="quiz")


def test_the_levels_then_and_now_read_once_are_the_levels_read_at_each_moment(learner, competency_model):
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from competencies.selectors import levels_shown, levels_shown_then_and_now
    from tests.competencies.conftest import rate

    rate(learner, "negotiation", 1, days_ago=400)
    rate(learner, "negotiation", 3, days_ago=10)
    rate(learner, "needs-analysis", 2, days_ago=30)
    rate(learner, "needs-analysis", 3, source=Evidence.Source.SELF, days_ago=40)
    rate(learner, "solution-marketing", 2, days_ago=1)  # only after the moment
    then = timezone.now() - timedelta(days=5)
    rate(learner, "needs-analysis", 0, days_ago=2)
    levels_shown(learner)  # the competency model itself is read once and kept
    with CaptureQueriesContext(connection) as reading:
        before, now = levels_shown_then_and_now(learner, then=then)
    assert len(reading) == 1
    assert before == levels_shown(learner, before=then)
    assert now.keys() == levels_shown(learner).keys()
    assert {pk: level.whole for pk, level in now.items()} == {
        pk: level.whole for pk, level in levels_shown(learner).items()
    }
    solution_marketing = Competency.objects.get(code="solution-marketing").pk
    assert solution_marketing not in before and now[solution_marketing].whole == 2
    needs = Competency.objects.get(code="needs-analysis").pk
    assert before[needs].whole == 2 and now[needs].whole == 1


def test_the_database_sums_the_ledger_to_the_levels_the_rule_gives(learner, competency_model):
    """competencies.ledger weighs by the day recorded instead of the age; the levels
    must be the rule's (competencies.levels.measured_level) whatever the mix."""
    from datetime import timedelta

    from django.utils import timezone

    from competencies.levels import latest_self_assessment, measured_level
    from competencies.profiles import profile_of, readings_from
    from tests.competencies.conftest import rate

    ledger = {
        # An assessor counts double: (1 + 2 × 3) / 3.
        "negotiation": [(1, "quiz", 0), (3, "assessor", 0)],
        # A half-life ago weighs half: (½ × 1 + 3) / 1½; below level 1 counts as 0.
        "solution-marketing": [(1, "quiz", 180), (3, "quiz", 0), (0, "quiz", 5000)],
        # Dated three months ahead, it weighs as if recorded now; self-assessments
        # never count, the latest is shown.
        "needs-analysis": [(3, "quiz", -90), (1, "quiz", 0), (3, "self", 40), (1, "self", 5)],
        "competitive-strategy": [(2, "self", 3)],
    }
    for code, entries in ledger.items():
        for level, source, days_ago in entries:
            rate(learner, code, level, source=source, days_ago=days_ago)
    now = timezone.now() + timedelta(minutes=1)
    readings = readings_from(Evidence.objects.filter(user=learner))
    standings = {standing.competency.code: standing for standing in profile_of(learner, now=now).standings}
    for code, entries in ledger.items():
        own = readings[(learner.pk, Competency.objects.get(code=code).pk)]
        standing = standings[code]
        assert standing.level == measured_level(own, now=now), code
        assert standing.self_level == latest_self_assessment(own), code
        assert standing.evidence_count == len(entries), code
    levels = {code: standing.level for code, standing in standings.items() if code in ledger}
    assert levels == {
        "negotiation": 2.3,
        "solution-marketing": 2.3,
        "needs-analysis": 2.0,
        "competitive-strategy": None,
    }
    assert standings["needs-analysis"].self_level == 1
