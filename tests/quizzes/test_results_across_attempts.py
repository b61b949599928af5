"""The result that counts across many attempts, by the quiz's grading method, as the quiz
page, the assessment section and the certification show it: read in a bounded number
of rows however many attempts the person made."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from competencies.models import JobGrade
from quizzes.certification import certification_overview
from quizzes.models import Attempt, Certification, CertificationQuiz, QuizPage

pytestmark = pytest.mark.django_db

# Twenty-five finished attempts, the best second to last and the last one failed.
PERCENTS = [Decimal("50.00")] * 23 + [Decimal("95.50"), Decimal("42.20")]


@pytest.fixture
def attempts(learner, quiz):
    now = timezone.now()
    for number, percent in enumerate(PERCENTS, start=1):
        Attempt.objects.create(
            quiz=quiz,
            user=learner,
            number=number,
            state=Attempt.State.FINISHED,
            started_at=now - timedelta(hours=30 - number),
            submitted_at=now - timedelta(hours=30 - number, minutes=-20),
            score=percent,
            max_score=100,
            percent=percent,
            passed=percent >= quiz.pass_mark,
        )
    return Attempt.objects.create(quiz=quiz, user=learner, number=len(PERCENTS) + 1)


def graded_by(quiz, method):
    QuizPage.objects.filter(pk=quiz.pk).update(grading_method=method)
    return QuizPage.objects.get(pk=quiz.pk)


@pytest.mark.parametrize(
    ("method", "shown", "met"),
    [("highest", "已通过 · 95.5%", True), ("last", "尚未通过 · 42.2%", False), ("average", "尚未通过 · 51.5%", False)],
)
def test_the_result_across_attempts_follows_the_grading_method(
    learner_client, learner, quiz, assessment, attempts, method, shown, met
):
    quiz = graded_by(quiz, method)
    with CaptureQueriesContext(connection) as page:
        html = learner_client.get(quiz.url).content.decode()
    assert shown in html
    assert "显示最近 20 次，共 26 次作答。" in html
    assert reverse("quizzes:take", args=[attempts.pk]) in html  # the open attempt, to continue
    # Open attempts are one per quiz at most; finished ones are counted, not read, and
    # of the last one only its percent.
    every_attempt_read = [
        sql
        for sql in (query["sql"] for query in page.captured_queries)
        if 'FROM "quizzes_attempt"' in sql
        and not any(bound in sql for bound in ("LIMIT", "GROUP BY", "in_progress", "ROW_NUMBER()"))
    ]
    assert not every_attempt_read

    assert shown in learner_client.get(assessment.url).content.decode()

    certification = Certification(name="初级客户经理认证", grade=JobGrade.objects.get(code="junior"))
    certification.required_quizzes = [CertificationQuiz(quiz=quiz)]
    certification.save()
    (progress,) = certification_overview(learner)
    assert progress.requirements[0].met is met
