"""The signed-in home page answers "what should I do next?": assigned and overdue
items, continue learning, the largest gap, new lessons and the team's discussion."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from capture.models import ExperienceLessonPage
from cases.services import schedule_discussion
from competencies.models import PlanItem
from competencies.services import assign
from learning.services import enrol, open_lesson
from tests.competencies.conftest import rate, set_grade
from tests.conftest import EN
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_learner(team, learner, director, plan_content):
    set_grade(learner, "intermediate")
    rate(learner, "needs-analysis", 1)
    for area in ("solution-design", "solution-marketing", "competitive-strategy", "negotiation"):
        rate(learner, area, 2)
    for area in ("analytical-thinking", "competition-awareness", "product-knowledge", "needs-insight"):
        rate(learner, area, 2)
    overdue = assign(actor=director, page=plan_content.case, team=team, due_on=timezone.localdate() + timedelta(1))
    PlanItem.objects.filter(assignment=overdue).update(due_on=timezone.localdate() - timedelta(days=3))
    assign(actor=director, page=plan_content.needs_quiz, person=learner, due_on=timezone.localdate() + timedelta(9))
    course = plan_content.design_course
    enrol(user=learner, course=course)
    open_lesson(user=learner, lesson=course.live_lessons().first())
    colleague = LearnerFactory(display_name="周敏")
    ExperienceLessonPage.objects.filter(pk=plan_content.lesson.pk).update(contributor=colleague)
    schedule_discussion(
        director=director, case=plan_content.case, team=team, discuss_on=timezone.localdate() + timedelta(days=2)
    )
    return learner


def section(html, heading_id):
    return html.split(f'id="{heading_id}"')[1].split("</section>")[0]


def test_the_signed_in_home_page_says_what_to_do_next(client, busy_learner, plan_content):
    client.force_login(busy_learner)
    html = client.get("/", **EN).content.decode()
    todo = section(html, "dash-todo")
    # The overdue item first, standing out; then the one due later.
    assert todo.index(plan_content.case.title) < todo.index(plan_content.needs_quiz.title)
    assert "Overdue since" in todo
    assert plan_content.design_course.title in section(html, "dash-continue")
    gap = section(html, "dash-gap")
    assert "需求理解与分析" in gap and "your grade requires 2" in gap
    assert plan_content.lesson.title in section(html, "dash-lessons")
    assert plan_content.case.title in section(html, "dash-team")


def test_a_visitor_sees_the_welcome_without_a_dashboard(client, home_page):
    html = client.get("/", **EN).content.decode()
    assert 'id="dash-todo"' not in html
    assert "Sign in to start learning" in html


def test_the_dashboard_query_count_does_not_grow_with_the_plan(client, busy_learner, plan_content, director, team):
    client.force_login(busy_learner)
    client.get("/")

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
        return len(queries)

    before = count()
    for page in (plan_content.lesson, plan_content.design_quiz, plan_content.marketing_quiz):
        assign(actor=director, page=page, team=team, due_on=timezone.localdate() + timedelta(days=4))
    assert count() == before
