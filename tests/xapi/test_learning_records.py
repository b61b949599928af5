"""Learning records reach the company's LRS (ralph, started on loopback) as valid
xAPI 1.0.3 statements: what a learner, a director and an administrator do here is
what the LRS's reports show, once, even when the LRS was down for a while."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from capture.models import Experience
from capture.services import submit
from cases.models import CaseStudyPage
from competencies.models import Competency, Evidence, PlanItem, ProficiencyLevel
from competencies.services import assign, mark_done, record_evidence
from knowledge.services import record_application, report_outcome
from learning.blocks import check_blocks
from learning.models import CoursePage
from quizzes.certification import issue_certificate
from quizzes.models import Certificate, Certification, QuestionCategory, QuizPage
from tests.quizzes.conftest import add_quiz, make_question, right_answers
from xapi.models import OutboxStatement
from xapi.services import send_due

ADL = "http://adlnet.gov/expapi/verbs/"


@pytest.fixture
def chen(world):
    return User.objects.get(username="learner")


def signed_in(client, username):
    client.force_login(User.objects.get(username=username))
    return client


def delivered(lrs):
    """The statements this test recorded, as the LRS holds them; each one sent, stored
    once and valid by ralph's strict xAPI model."""
    rows = list(OutboxStatement.objects.order_by("created_at"))
    assert rows, "nothing was recorded"
    assert {row.state for row in rows} == {OutboxStatement.State.SENT}, [(r.verb, r.last_error) for r in rows]
    ids = {str(row.id) for row in rows}
    stored = [statement for statement in lrs.statements() if statement["id"] in ids]
    assert sorted(s["id"] for s in stored) == sorted(ids)
    assert lrs.problems(stored) == []
    order = {str(row.id): position for position, row in enumerate(rows)}
    return sorted(stored, key=lambda statement: order[statement["id"]])


def verbs(statements):
    return [statement["verb"]["id"].removeprefix(ADL).rsplit("/verbs/", 1)[-1] for statement in statements]


def test_a_course_taken_in_the_browser_arrives_lesson_by_lesson(client, chen, lrs, django_capture_on_commit_callbacks):
    course = CoursePage.objects.get(title="集团客户需求放大镜")
    lessons = list(course.live_lessons())
    signed_in(client, "learner")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("learning:enrol", args=[course.pk]))
        for lesson in lessons:
            assert client.get(lesson.url).status_code == 200
            client.get(lesson.url)  # a reload is not a second visit
            for check in check_blocks(lesson.body):
                answer = {"answer": "先看客户的经营范围，再谈我们的产品。"}
                client.post(reverse("learning:answer_check", args=[lesson.pk, check.id]), answer)

    statements = delivered(lrs)
    assert verbs(statements) == ["experienced"] * len(lessons) + ["completed"]
    first, completed = statements[0], statements[-1]
    assert first["actor"]["account"]["name"] == "E3001"  # the employee number, HR's key
    assert first["actor"]["name"] == "陈晓"
    assert first["object"]["definition"]["name"] == {"zh-CN": lessons[0].title}
    assert first["context"]["contextActivities"]["parent"][0]["definition"]["name"] == {"zh-CN": course.title}
    assert completed["object"]["definition"]["type"] == "http://adlnet.gov/expapi/activities/course"
    assert completed["result"] == {"completion": True}
    assert first["object"]["id"] != completed["object"]["id"]


def test_a_quiz_passed_carries_the_score_and_each_competency(client, chen, lrs, django_capture_on_commit_callbacks):
    category = QuestionCategory.objects.first()
    questions = [
        make_question(
            category,
            "single",
            "第一步做什么？",
            competency="solution-design",
            choices=[("察觉问题", True), ("降价", False)],
        ),
        make_question(
            category, "true_false", "客户说的就是需求。", competency="needs-analysis", correct_is_true=False
        ),
    ]
    quiz = add_quiz(
        QuizPage.objects.first().get_parent(), questions, title="两题小测", slug="two-questions", pass_mark=60
    )
    signed_in(client, "learner")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("quizzes:start", args=[quiz.pk]))
        attempt = chen.quiz_attempts.get(quiz=quiz)
        client.post(
            reverse("quizzes:take", args=[attempt.pk]),
            right_answers(attempt, {"page": "1", "action": "finish", "confirm": "1"}),
        )
    attempt.refresh_from_db()
    assert attempt.passed

    attempted, passed, *rest = delivered(lrs)
    assert verbs([attempted, passed]) == ["attempted", "passed"]
    assert passed["result"]["success"] is True and passed["result"]["completion"] is True
    assert passed["result"]["score"]["scaled"] == float(attempt.percent) / 100
    assert passed["result"]["duration"].startswith("PT")
    scores = next(value for key, value in passed["result"]["extensions"].items() if key.endswith("competency-scores"))
    assert {score["name"]: score["percent"] for score in scores} == {"方案设计": 100.0, "需求理解与分析": 100.0}
    # Passing raised her level in 方案设计, or ticked the quiz off her plan: said too.
    assert set(verbs(rest)) <= {"reached-level", "completed", "earned"}


def test_a_quiz_failed_is_said_with_its_score(chen, lrs, django_capture_on_commit_callbacks):
    from quizzes.services import start_attempt, submit_attempt

    quiz = QuizPage.objects.get(title="方案营销测评")
    with django_capture_on_commit_callbacks(execute=True):
        attempt = start_attempt(user=chen, quiz=quiz)
        submit_attempt(user=chen, attempt=attempt)
    statements = delivered(lrs)
    failed = statements[1]
    assert verbs(statements[:2]) == ["attempted", "failed"]
    assert failed["result"]["success"] is False
    assert failed["result"]["score"]["raw"] == 0


def test_certificates_earned_revoked_and_expired(client, chen, lrs, django_capture_on_commit_callbacks):
    certification = Certification.objects.exclude(certificates__user=chen).first()
    with django_capture_on_commit_callbacks(execute=True):
        certificate = issue_certificate(user=chen, progress=SimpleNamespace(certification=certification))
    signed_in(client, "admin")
    edit = reverse("wagtailsnippets_quizzes_certificate:edit", args=[certificate.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit, {"revoked_at": timezone.now().strftime("%Y-%m-%d %H:%M"), "revocation_reason": "考试作弊"}
        )
    assert response.status_code == 302
    lapsed = Certificate.objects.filter(user=chen).exclude(pk=certificate.pk).first() or certificate
    Certificate.objects.filter(pk=lapsed.pk).update(
        revoked_at=None, expires_at=timezone.now() - timedelta(days=2), superseded=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_learning_records", "--now", stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("send_learning_records", "--now", stdout=open("/dev/null", "w"))  # noqa: SIM115

    statements = delivered(lrs)
    assert verbs(statements) == ["earned", "revoked", "expired"]
    earned, revoked, expired = statements
    assert earned["object"]["definition"]["name"] == {"zh-CN": certification.name}
    revoked_by = revoked["context"]["instructor"]["account"]["name"]
    assert revoked_by == User.objects.get(username="admin").employee_number
    assert any(value == "考试作弊" for value in revoked["context"]["extensions"].values())
    assert expired["timestamp"].startswith(str(timezone.now().date() - timedelta(days=2)))


def test_a_level_reached_through_an_assessor(chen, lrs, django_capture_on_commit_callbacks):
    competency = Competency.objects.get(code="competitive-strategy")
    assessor = User.objects.get(username="assessor")
    top = ProficiencyLevel.objects.order_by("-number").first()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(4):
            record_evidence(
                user=chen, competency=competency, source=Evidence.Source.ASSESSOR, level=top, recorded_by=assessor
            )
    changes = delivered(lrs)
    # Said when the whole level changed, not for each rating that left it where it was.
    assert 1 <= len(changes) < 4 and set(verbs(changes)) == {"reached-level"}
    levels = [change["result"]["score"]["raw"] for change in changes]
    assert levels == sorted(set(levels)) and levels[-1] == top.number
    assert changes[-1]["object"]["definition"]["name"]["zh-CN"] == competency.name
    with django_capture_on_commit_callbacks(execute=True):
        level_one = ProficiencyLevel.objects.get(number=1)
        record_evidence(
            user=chen, competency=competency, source=Evidence.Source.SELF, level=level_one, recorded_by=chen
        )
    assert OutboxStatement.objects.count() == len(changes)  # her own view moves no level


def test_learning_assigned_by_the_director_and_ticked_off(chen, lrs, django_capture_on_commit_callbacks):
    director = User.objects.get(username="director")
    case = CaseStudyPage.objects.live().exclude(pk__in=PlanItem.objects.filter(user=chen).values("page")).first()
    with django_capture_on_commit_callbacks(execute=True):
        assign(actor=director, page=case, due_on=date.today() + timedelta(days=7), person=chen)
        mark_done(user=chen, item=PlanItem.objects.get(user=chen, page=case))
    assigned, completed = delivered(lrs)
    assert verbs([assigned, completed]) == ["was-assigned", "completed"]
    assert assigned["context"]["instructor"]["name"] == director.get_full_name()
    assert assigned["object"]["id"] == completed["object"]["id"]
    assert completed["context"]["contextActivities"]["parent"][0]["definition"]["name"] == {"zh-CN": case.title}


def test_experience_shared_and_a_lesson_applied_with_its_outcome(chen, lrs, django_capture_on_commit_callbacks):
    experience = Experience.objects.create(
        author=chen, title="专线续约的三个电话", problem="客户要停专线", actions="先打给财务", lesson="先找付钱的人"
    )
    page = CaseStudyPage.objects.live().first()
    with django_capture_on_commit_callbacks(execute=True):
        submit(user=chen, experience=experience)
        application, _created = record_application(user=chen, page=page, account="某汽车 4S 店集团", stage="in_sale")
        report_outcome(user=chen, application=application, result="lost", note="对方预算冻结")
    shared, applied = delivered(lrs)
    assert verbs([shared, applied]) == ["shared", "applied"]
    assert shared["object"]["definition"]["name"] == {"zh-CN": "专线续约的三个电话"}
    assert applied["result"] == {"response": "对方预算冻结", "success": False}
    assert "某汽车" not in str(applied)  # the customer's name stays here


def test_the_lrs_down_for_a_while_loses_nothing_and_stores_once(chen, lrs, django_capture_on_commit_callbacks):
    course = CoursePage.objects.get(title="集团客户攻守有道")
    lrs.stop()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            for lesson in course.live_lessons():
                from learning.services import complete_lesson

                complete_lesson(user=chen, lesson=lesson)
        waiting = list(OutboxStatement.objects.all())
        count = len(waiting)  # each lesson, the course, and the course ticked off her plan
        assert {row.state for row in waiting} == {OutboxStatement.State.WAITING}
        row = waiting[0]
        assert row.attempts == 1 and row.next_attempt_at > timezone.now() and "Connection" in row.last_error
        # Still down at the next try: it waits twice as long.
        later = row.next_attempt_at + timedelta(seconds=1)
        assert send_due(now=later) == (0, 0, count)
        row.refresh_from_db()
        assert row.attempts == 2 and (row.next_attempt_at - later) == timedelta(seconds=60)
    finally:
        lrs.start()
    assert send_due(now=later) == (0, 0, count)  # not due yet: nothing sent early
    assert send_due(now=later + timedelta(minutes=2)) == (count, 0, 0)
    # An answer lost on the way back: the same statements sent again are stored once.
    OutboxStatement.objects.update(state=OutboxStatement.State.WAITING, next_attempt_at=None)
    assert send_due() == (count, 0, 0)
    statements = delivered(lrs)
    assert verbs(statements)[:4] == ["experienced", "experienced", "experienced", "completed"]


def test_a_statement_the_lrs_refuses_is_set_aside_and_the_rest_still_go(chen, lrs, django_capture_on_commit_callbacks):
    from learning.services import complete_lesson

    lesson = CoursePage.objects.get(title="集团客户攻守有道").live_lessons().first()
    with django_capture_on_commit_callbacks(execute=True):
        complete_lesson(user=chen, lesson=lesson)
    good = OutboxStatement.objects.get()
    broken = OutboxStatement.objects.create(
        id="7d1f8a1e-0c5b-4c43-8a5b-2a8d3c7a9e10",
        verb="broken",
        statement={"id": "7d1f8a1e-0c5b-4c43-8a5b-2a8d3c7a9e10"},
    )
    OutboxStatement.objects.filter(pk=good.pk).update(state=OutboxStatement.State.WAITING)
    assert send_due() == (1, 1, 0)
    broken.refresh_from_db()
    assert broken.state == OutboxStatement.State.REJECTED and broken.last_error.startswith("422")
    assert [s["id"] for s in lrs.statements() if s["id"] == str(good.pk)] == [str(good.pk)]


def test_a_rolled_back_event_leaves_no_statement_and_no_lrs_means_none(chen, lrs, settings):
    from django.db import transaction

    from learning.services import complete_lesson

    lesson = CoursePage.objects.get(title="集团客户攻守有道").live_lessons().first()
    with pytest.raises(RuntimeError), transaction.atomic():
        complete_lesson(user=chen, lesson=lesson)
        raise RuntimeError("the request failed after the lesson was marked")
    assert not OutboxStatement.objects.exists()
    settings.XAPI_LRS_ENDPOINT = ""
    complete_lesson(user=chen, lesson=lesson)
    assert not OutboxStatement.objects.exists()


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_with_the_database_queue_one_retry_is_queued_for_when_it_is_due(chen, lrs, django_capture_on_commit_callbacks):
    from learning.services import complete_lesson

    lessons = list(CoursePage.objects.get(title="集团客户攻守有道").live_lessons())
    lrs.stop()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            complete_lesson(user=chen, lesson=lessons[0])
        assert queued_sends() == [None]  # queued by the event, for the worker
        send_due()
        with django_capture_on_commit_callbacks(execute=True):
            complete_lesson(user=chen, lesson=lessons[1])
        send_due()
    finally:
        lrs.start()
    first_try = OutboxStatement.objects.order_by("next_attempt_at").first().next_attempt_at
    assert queued_sends().count(None) == 2
    retries = [when for when in queued_sends() if when is not None]
    assert retries == [first_try]  # one, however many statements failed meanwhile


def queued_sends():
    from django_tasks_db.models import DBTaskResult

    # The database queue stores "as soon as possible" as the year 9999.
    return [
        None if result.run_after.year == 9999 else result.run_after
        for result in DBTaskResult.objects.filter(task_path="xapi.services.send_learning_records").order_by("pk")
    ]


def test_statements_sent_long_ago_leave_the_outbox(chen, lrs, settings, django_capture_on_commit_callbacks):
    from learning.services import complete_lesson

    lesson = CoursePage.objects.get(title="集团客户攻守有道").live_lessons().first()
    with django_capture_on_commit_callbacks(execute=True):
        complete_lesson(user=chen, lesson=lesson)
    kept = OutboxStatement.objects.count()
    old = OutboxStatement.objects.first()
    OutboxStatement.objects.filter(pk=old.pk).update(sent_at=timezone.now() - timedelta(days=91))
    call_command("send_learning_records", "--now", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not OutboxStatement.objects.filter(pk=old.pk).exists()  # the LRS keeps it
    assert OutboxStatement.objects.filter(state=OutboxStatement.State.SENT).count() == kept - 1
