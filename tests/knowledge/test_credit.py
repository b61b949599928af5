"""Credit for contribution, never for minutes: the rules, per person, team and region."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from capture.models import Experience
from capture.services import reject
from core.engagement import mark_helpful
from core.freshness import confirm_current
from knowledge.credit import credit_of, rankings
from knowledge.services import answer_question, ask_expert, record_application, report_outcome
from tests.capture.conftest import make_experience
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


def test_each_rule_earns_its_points_and_reading_earns_none(client, learner, colleague, editor, lesson, team):
    assert credit_of(colleague).counts["lessons"] == 1 and credit_of(colleague).points == 10

    mark_helpful(user=learner, page=lesson)
    application, _created = record_application(user=learner, page=lesson, account="某医院", stage="pre_sale")
    report_outcome(user=learner, application=application, result="won", note="成了")
    lost, _created = record_application(user=learner, page=lesson, account="某学校", stage="pre_sale")
    report_outcome(user=learner, application=lost, result="lost", note="没成")
    question = ask_expert(user=learner, expert=colleague, topic="", question="怎么开口？")
    answer_question(user=colleague, question=question, answer="先帮他立功")
    assert credit_of(colleague).points == 10 + 2 + 5 + 3

    # The editor published the lesson (a review), rejects a submission and confirms a lesson.
    reject(reviewer=editor, experience=make_experience(learner, state=Experience.State.SUBMITTED), reason="太笼统")
    confirm_current(user=editor, page=lesson, review_by=timezone.localdate() + timedelta(days=100))
    assert credit_of(editor).counts["reviews"] == 3 and credit_of(editor).points == 6

    client.force_login(learner)
    for _ in range(20):
        client.get(lesson.url)
    assert credit_of(learner).points == 0
    assert credit_of(colleague).points == 10 + 2 + 5 + 3


def test_teams_and_regions_add_up_their_members(learner, colleague, lesson, team, director):
    from accounts.models import TeamMembership

    TeamMembership.objects.create(team=team, user=colleague)
    outsider = LearnerFactory(username="sunlei", display_name="孙磊")
    mark_helpful(user=outsider, page=lesson)
    ranked = rankings()
    # The editor who published the lesson earned a review's 2 points; the reader nothing.
    assert [(credit.who.username, credit.points) for credit in ranked.people] == [("liuyang", 12), ("wangxy", 2)]
    assert [(credit.who, credit.points) for credit in ranked.teams] == [(team, 12)]
    regions = {credit.who: credit.points for credit in ranked.regions}
    assert regions[colleague.region] >= 12


def test_old_contributions_leave_the_period(colleague, lesson):
    from wagtail.models import Page

    Page.objects.filter(pk=lesson.pk).update(first_published_at=timezone.now() - timedelta(days=400))
    assert credit_of(colleague, since=timezone.now() - timedelta(days=365)).points == 0
    assert credit_of(colleague).points == 10


def test_the_rankings_page_shows_the_rules_and_the_board(client, learner, colleague, lesson):
    client.force_login(learner)
    html = client.get(reverse("knowledge:rankings")).content.decode()
    for rule in ("你的经验发布", "同事觉得你的经验有用", "同事应用你的经验并赢单", "你回答同事的提问"):
        assert rule in html
    assert "在网页上停留多久不计分" in html
    assert "刘洋" in html and "10 分" in html
    assert client.get(reverse("knowledge:rankings"), {"period": "junk"}).status_code == 200


def _points_on_profile(client):
    html = client.get(reverse("accounts:profile")).content.decode()
    return int(html.split('<p class="credit-total">', 1)[1].split(" ", 1)[0])


def test_the_profiles_points_are_kept_yet_follow_each_vote_outcome_answer_and_withdrawal(
    client, learner, colleague, lesson
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(colleague)
    assert _points_on_profile(client) == 10
    with CaptureQueriesContext(connection) as again:
        assert _points_on_profile(client) == 10
    counted = [query["sql"] for query in again.captured_queries if "knowledge_expertquestion" in query["sql"]]
    assert counted == [], "a second visit counts nothing afresh"

    mark_helpful(user=learner, page=lesson)
    assert _points_on_profile(client) == 12
    application, _created = record_application(user=learner, page=lesson, account="某医院", stage="pre_sale")
    assert _points_on_profile(client) == 12
    report_outcome(user=learner, application=application, result="won", note="成了")
    assert _points_on_profile(client) == 17
    question = ask_expert(user=learner, expert=colleague, topic="", question="怎么开口？")
    answer_question(user=colleague, question=question, answer="先帮他立功")
    assert _points_on_profile(client) == 20

    lesson.unpublish()
    assert _points_on_profile(client) == 20 - 10, "a withdrawn lesson no longer earns its 10 points"
    client.force_login(learner)
    assert _points_on_profile(client) == 0


def test_the_period_starts_at_midnight_for_the_board_and_the_profile(colleague, lesson):
    from knowledge.credit import credit_in_period, since_for

    today = timezone.localdate()
    start = since_for("365", today)
    assert timezone.localtime(start).time() == timezone.datetime.min.time()
    assert timezone.localtime(start).date() == today - timedelta(days=365)
    assert since_for("all") is None
    assert credit_in_period(colleague).points == 10
