"""Accommodations are given to a person typed by username or employee number."""

import pytest
from django.urls import reverse

from quizzes.models import QuizOverride

pytestmark = pytest.mark.django_db

ADD = "wagtailsnippets_quizzes_quizoverride:add"


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def form(quiz, person, **extra):
    return {
        "quiz": quiz.pk,
        "user": person,
        "time_limit_minutes": "40",
        "max_attempts": "",
        "reason": "视力障碍",
        **extra,
    }


def test_the_page_has_no_list_of_every_user(editor_client, quiz):
    html = editor_client.get(reverse(ADD)).content.decode()
    assert 'name="user"' in html and "<select" not in html.split('name="user"')[0][-200:]


@pytest.mark.parametrize("typed", ["chenxiao", "T{pk}"])
def test_a_person_is_found_by_username_or_employee_number(editor_client, quiz, learner, typed):
    learner.employee_number = f"T{learner.pk}"
    learner.save()
    response = editor_client.post(reverse(ADD), form(quiz, typed.format(pk=learner.pk)))
    assert response.status_code == 302
    assert QuizOverride.objects.get().user == learner


def test_an_unknown_person_or_an_empty_accommodation_is_refused(editor_client, quiz, learner):
    response = editor_client.post(reverse(ADD), form(quiz, "nobody"))
    html = response.content.decode()
    assert "没有这个用户名或工号的人员" in html and "视力障碍" in html
    response = editor_client.post(reverse(ADD), form(quiz, "chenxiao", time_limit_minutes=""))
    assert "请给出延长的时间或增加的次数" in response.content.decode()
    assert not QuizOverride.objects.exists()


def test_an_accommodation_shows_on_the_next_quiz_page_and_nobody_else_asks_for_one(client, editor, quiz, learner):
    from django.db import connection

    from tests.factories import LearnerFactory

    colleague_learner = LearnerFactory()
    from django.test.utils import CaptureQueriesContext

    def time_limit_seen_by(person):
        client.force_login(person)
        with CaptureQueriesContext(connection) as reading:
            html = client.get(quiz.url).content.decode()
        asked = any("quizzes_quizoverride" in query["sql"] for query in reading)
        return html.split("限时</dt><dd>", 1)[1].split("</dd>", 1)[0], asked

    assert time_limit_seen_by(learner)[0] == time_limit_seen_by(colleague_learner)[0]
    assert time_limit_seen_by(learner) == (time_limit_seen_by(learner)[0], False)
    client.force_login(editor)
    client.post(reverse(ADD), form(quiz, learner.username))
    assert time_limit_seen_by(learner) == ("40 分钟", True)
    assert time_limit_seen_by(colleague_learner)[1] is False
    QuizOverride.objects.get().delete()
    assert time_limit_seen_by(learner)[0] != "40 分钟"
