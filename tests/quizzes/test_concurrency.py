"""Two requests for the same attempt at the same moment, on a real database server.

SQLite serialises writers, so these run on PostgreSQL only (see the `postgresql` marker)."""

import pytest

from competencies.models import Evidence
from quizzes.models import Attempt
from quizzes.services import start_attempt, submit_attempt
from tests.concurrency import run_together

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_concurrent_submissions_record_one_result(learner, quiz, questions):
    attempt = start_attempt(user=learner, quiz=quiz)
    right = questions["single"].choices.first()
    errors = run_together(lambda: submit_attempt(user=learner, attempt=attempt, responses={1: {"choice": right.pk}}))
    assert errors == []
    attempt.refresh_from_db()
    assert attempt.state == "finished" and attempt.score == 1
    # One set of evidence: one row per competency the quiz measures, not one per request.
    assert Evidence.objects.filter(user=learner).count() == 2


def test_concurrent_starts_share_one_attempt(learner, quiz):
    errors = run_together(lambda: start_attempt(user=learner, quiz=quiz))
    assert errors == []
    assert Attempt.objects.filter(user=learner).count() == 1
