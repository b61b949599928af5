"""学习地图: the way through a job grade for one person, from where they stand to the
grade's required levels and certification, with the next grade beside it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learning.models import Enrolment
from tests.competencies.conftest import rate, set_grade
from tests.conftest import EN

pytestmark = pytest.mark.django_db


def lane(html, competency):
    return html.split(f'<h2 class="map-lane__title">{competency}</h2>')[1].split('<li class="map-lane')[0]


@pytest.fixture
def mapped(learner, plan_content):
    set_grade(learner, "junior")
    rate(learner, "needs-analysis", 1)
    return learner


def test_the_map_walks_each_required_competency_from_where_the_person_stands(client, mapped, plan_content):
    client.force_login(mapped)
    html = client.get(reverse("learning_map")).content.decode()
    assert "学习地图：初级客户经理" in html and "你的职级" in html
    reached = lane(html, "需求理解与分析")
    assert "已达标" in reached and "你在这里" not in reached
    design = lane(html, "方案设计")
    # The courses, practice and quizzes on the way, the first not done marked.
    assert plan_content.design_course.title in design and plan_content.design_quiz.title in design
    assert design.count("你在这里") == 1
    assert design.index(plan_content.design_course.title) < design.index(plan_content.design_quiz.title)
    # The next grade's extra requirements beside it.
    assert "下一职级：中级客户经理" in html


def test_a_finished_course_is_ticked_and_the_marker_moves_on(client, mapped, plan_content):
    from django.utils import timezone

    Enrolment.objects.create(user=mapped, course=plan_content.design_course, completed_at=timezone.now())
    client.force_login(mapped)
    design = lane(client.get(reverse("learning_map")).content.decode(), "方案设计")
    course = design.split(plan_content.design_course.title)[1].split("</li>")[0]
    assert "✓ 已完成" in course
    assert "你在这里" in design.split(plan_content.design_course.title)[1]


def test_another_grade_can_be_looked_at_and_a_made_up_one_falls_back(client, mapped):
    client.force_login(mapped)
    assert "学习地图：高级客户经理" in client.get(reverse("learning_map"), {"grade": "senior"}).content.decode()
    response = client.get(reverse("learning_map"), {"grade": "x" * 500 + "\x00"})
    assert response.status_code == 200 and "学习地图：初级客户经理" in response.content.decode()


def test_the_map_is_in_english_too(client, mapped):
    client.force_login(mapped)
    html = client.get(reverse("learning_map"), **EN).content.decode()
    assert "Learning map: Junior account manager" in html and "Needs analysis" in html


def test_the_map_needs_a_sign_in_and_its_queries_do_not_grow_with_the_library(client, mapped, plan_content):
    assert client.get(reverse("learning_map")).status_code == 302
    client.force_login(mapped)
    client.get(reverse("learning_map"))
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("learning_map"))
    Enrolment.objects.create(user=mapped, course=plan_content.needs_course)
    with CaptureQueriesContext(connection) as after:
        client.get(reverse("learning_map"))
    assert len(after) == len(before) < 45
