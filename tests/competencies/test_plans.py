"""Learning plans: suggested for the gaps only, in order, with due dates; the learner
adds, drops and reorders; courses and quizzes tick themselves off."""

from datetime import timedelta
from itertools import pairwise

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from competencies.models import Evidence, PlanItem
from competencies.plans import DAYS_PER_GAP
from competencies.selectors import plan_of
from competencies.services import add_to_plan, drop_item, mark_done, suggest_plan
from learning.services import complete_lesson
from quizzes.services import start_attempt, submit_attempt
from tests.competencies.conftest import rate, set_grade
from tests.conftest import EN, ZH
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gaps(plan_content, learner):
    """Intermediate grade: needs-analysis measured at 1 (2 required, a gap),
    solution-design at 2 (met), solution-marketing never measured (a gap)."""
    set_grade(learner, "intermediate")
    rate(learner, "needs-analysis", 1)
    rate(learner, "solution-design", 2)
    return learner


def true_false_answers(attempt, *, right):
    return {
        answer.position: {"answer": answer.snapshot["true"] if right else not answer.snapshot["true"]}
        for answer in attempt.answers.all()
    }


def page_ids(items):
    return [item.page_id for item in items]


def test_a_suggested_plan_covers_the_gaps_only_in_a_sensible_order(gaps, plan_content):
    items = suggest_plan(user=gaps)
    by_gap = {}
    for item in items:
        by_gap.setdefault(item.competency.code, []).append(item.page_id)
    content = plan_content
    # The course that takes the level from the one reached (1) to the one required (2),
    # a colleague's lesson, a case, then the quiz that checks it; the level-1 course
    # teaches what the person already shows.
    assert by_gap["needs-analysis"] == [
        content.needs_course.pk,
        content.lesson.pk,
        content.case.pk,
        content.needs_quiz.pk,
    ]
    # Never measured: measure first, with the one quiz that does.
    assert by_gap["solution-marketing"] == [content.marketing_quiz.pk]
    # A met requirement brings nothing.
    assert "solution-design" not in by_gap
    assert content.design_course.pk not in page_ids(items)
    assert content.needs_basics.pk not in page_ids(items)


def test_due_dates_follow_the_gaps_two_weeks_apart(gaps):
    items = suggest_plan(user=gaps)
    today = timezone.localdate()
    dates = sorted({item.due_on for item in items})
    assert dates[0] == today + timedelta(days=DAYS_PER_GAP)
    assert all((later - earlier).days == DAYS_PER_GAP for earlier, later in pairwise(dates))
    positions = [item.position for item in items]
    assert positions == sorted(positions) == list(range(len(items)))


def test_suggesting_again_adds_nothing_already_planned_done_or_dropped(gaps, plan_content):
    first = suggest_plan(user=gaps)
    drop_item(user=gaps, item=next(item for item in first if item.page_id == plan_content.case.pk))
    assert suggest_plan(user=gaps) == []
    assert PlanItem.objects.filter(user=gaps).count() == len(first)


def test_finished_courses_and_passed_quizzes_are_not_suggested(gaps, plan_content):
    for lesson in plan_content.needs_course.live_lessons():
        complete_lesson(user=gaps, lesson=lesson)
    items = suggest_plan(user=gaps)
    assert plan_content.needs_course.pk not in page_ids(items)


def test_a_completed_course_ticks_itself_off(gaps, plan_content, django_capture_on_commit_callbacks):
    suggest_plan(user=gaps)
    with django_capture_on_commit_callbacks(execute=True):
        for lesson in plan_content.needs_course.live_lessons():
            complete_lesson(user=gaps, lesson=lesson)
    item = PlanItem.objects.get(user=gaps, page=plan_content.needs_course)
    assert item.completed_at is not None
    assert item.page_id in page_ids(plan_of(gaps).done)


def test_a_passed_quiz_ticks_itself_off_and_a_failed_one_does_not(
    gaps, plan_content, django_capture_on_commit_callbacks
):
    add_to_plan(user=gaps, page=plan_content.design_quiz)
    suggest_plan(user=gaps)
    quiz = plan_content.needs_quiz
    attempt = start_attempt(user=gaps, quiz=quiz)
    with django_capture_on_commit_callbacks(execute=True):
        submit_attempt(user=gaps, attempt=attempt, responses=true_false_answers(attempt, right=False))
    assert PlanItem.objects.get(user=gaps, page=quiz).completed_at is None
    attempt = start_attempt(user=gaps, quiz=quiz)
    with django_capture_on_commit_callbacks(execute=True):
        submit_attempt(user=gaps, attempt=attempt, responses=true_false_answers(attempt, right=True))
    assert PlanItem.objects.get(user=gaps, page=quiz).completed_at is not None
    # The other quiz in the plan is untouched.
    assert PlanItem.objects.get(user=gaps, page=plan_content.design_quiz).completed_at is None


def test_a_tick_cannot_stand_in_for_a_course(gaps, plan_content):
    item = add_to_plan(user=gaps, page=plan_content.design_course)
    with pytest.raises(ValidationError):
        mark_done(user=gaps, item=item)
    case_item = add_to_plan(user=gaps, page=plan_content.case)
    assert mark_done(user=gaps, item=case_item).completed_at is not None


def test_the_learner_adds_reorders_and_drops_through_the_pages(client, gaps, plan_content):
    client.force_login(gaps)
    case_url = plan_content.case.url
    response = client.post(reverse("competencies:add"), {"page": plan_content.case.pk, "next": case_url}, **ZH)
    assert response["Location"] == case_url
    assert "In your learning plan" in client.get(case_url, **EN).content.decode()
    client.post(reverse("competencies:add"), {"page": plan_content.lesson.pk})
    client.post(reverse("competencies:add"), {"page": plan_content.design_course.pk})
    lesson_item = PlanItem.objects.get(user=gaps, page=plan_content.lesson)
    client.post(reverse("competencies:move", args=[lesson_item.pk]), {"direction": "up"})
    order = page_ids(plan_of(gaps).own)
    assert order == [plan_content.lesson.pk, plan_content.case.pk, plan_content.design_course.pk]
    client.post(reverse("competencies:drop", args=[lesson_item.pk]))
    assert page_ids(plan_of(gaps).own) == [plan_content.case.pk, plan_content.design_course.pk]
    html = client.get(reverse("competencies:plan"), **EN).content.decode()
    own_section = html.split('id="own-heading"')[1].split('id="done-heading"')[0]
    assert plan_content.case.title in own_section and plan_content.lesson.title not in own_section


def test_nobody_touches_someone_elses_plan(client, gaps, plan_content):
    item = add_to_plan(user=gaps, page=plan_content.case)
    other = LearnerFactory()
    client.force_login(other)
    for name in ("drop", "move", "done"):
        assert client.post(reverse(f"competencies:{name}", args=[item.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        drop_item(user=other, item=item)
    item.refresh_from_db()
    assert item.dropped_at is None and item.completed_at is None


def test_pages_a_plan_cannot_hold_are_refused_with_a_message(client, gaps, plan_content, home_page):
    client.force_login(gaps)
    response = client.post(reverse("competencies:add"), {"page": home_page.pk}, follow=True, **EN)
    assert "This page cannot be added to a learning plan." in response.content.decode()
    assert client.post(reverse("competencies:add"), {"page": "abc"}).status_code == 404
    assert not PlanItem.objects.filter(user=gaps).exists()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "abc", "plan", "javascript:alert(1)"])
def test_an_unsafe_or_odd_next_address_is_ignored(client, gaps, plan_content, target):
    client.force_login(gaps)
    response = client.post(reverse("competencies:add"), {"page": plan_content.case.pk, "next": target})
    assert response["Location"] == reverse("competencies:plan")


def test_suggest_from_the_profile_page(client, gaps):
    client.force_login(gaps)
    response = client.post(reverse("competencies:suggest"), follow=True, **EN)
    html = response.content.decode()
    assert "items for your gaps were added to your plan" in html
    response = client.post(reverse("competencies:suggest"), follow=True, **EN)
    assert "Nothing new to add" in response.content.decode()


def test_self_assessment_does_not_create_gaps_or_close_them(gaps, plan_content):
    rate(gaps, "needs-analysis", 3, source=Evidence.Source.SELF)
    items = suggest_plan(user=gaps)
    assert plan_content.needs_course.pk in page_ids(items)
