"""Assigning learning and planning it, sent twice (a double click, a retry, two tabs):
one assignment, one notification per member, one plan item per page, never a 500."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import TeamMembership
from competencies.models import Assignment, PlanItem
from competencies.services import assign, suggest_plan
from core.models import Notification
from home.dashboards.team import team_dashboard
from tests.competencies.conftest import build_plan_content, rate, set_grade
from tests.concurrency import run_together
from tests.factories import LearnerFactory


def in_days(days):
    return timezone.localdate() + timedelta(days=days)


@pytest.fixture
def plan_content(taxonomy, home_page):
    """Built for each test, not shared by the module: two of these tests commit."""
    return build_plan_content(home_page)


@pytest.fixture
def crew(team, learner):
    liuyang = LearnerFactory(display_name="刘洋")
    TeamMembership.objects.create(team=team, user=liuyang)
    return [learner, liuyang]


@pytest.mark.django_db
def test_the_same_assignment_sent_twice_is_one_row_and_one_notice(client, crew, team, director, plan_content):
    client.force_login(director)
    url = reverse("competencies:assign", args=[plan_content.case.pk])
    data = {"recipient": f"team:{team.pk}", "due_on": in_days(3).isoformat(), "note": "周会前读完"}
    first, again = client.post(url, data), client.post(url, data)
    assert first.status_code == again.status_code == 302 and first["Location"] == again["Location"]
    assert Assignment.objects.count() == 1
    assert Notification.objects.filter(recipient=crew[1]).count() == 1


@pytest.mark.django_db
def test_assigning_it_again_with_a_new_date_moves_the_date_instead_of_adding_a_row(crew, team, director, plan_content):
    first = assign(actor=director, page=plan_content.case, team=team, due_on=in_days(3))
    again = assign(actor=director, page=plan_content.case, team=team, due_on=in_days(10))
    assert again.pk == first.pk and Assignment.objects.count() == 1
    assert set(PlanItem.objects.filter(page=plan_content.case).values_list("due_on", flat=True)) == {in_days(10)}


@pytest.mark.django_db
def test_assigning_it_again_keeps_the_dashboards_one_row_and_its_completion(crew, team, director, plan_content):
    assign(actor=director, page=plan_content.case, team=team, due_on=in_days(3))
    PlanItem.objects.filter(user=crew[0]).update(completed_at=timezone.now())
    before = team_dashboard(team)

    assign(actor=director, page=plan_content.case, team=team, due_on=in_days(10), note="周五前")

    after = team_dashboard(team)
    assert [(row.item_count, row.done_count) for row in after.assignments] == [(2, 1)]
    assert after.assigned_percent == before.assigned_percent == 50


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_five_identical_assignments_at_once_make_one(crew, team, director, plan_content):
    errors = run_together(
        lambda: assign(actor=director, page=plan_content.case, team=team, due_on=in_days(5), note="读"), times=5
    )
    assert errors == []
    assert Assignment.objects.count() == 1
    assert PlanItem.objects.filter(page=plan_content.case).count() == 2
    assert Notification.objects.filter(recipient=crew[1]).count() == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_suggesting_a_plan_five_times_at_once_plans_each_page_once(learner, plan_content):
    set_grade(learner, "intermediate")
    rate(learner, "needs-analysis", 1)
    errors = run_together(lambda: suggest_plan(user=learner), times=5)
    assert errors == []
    pages = list(PlanItem.objects.filter(user=learner).values_list("page_id", flat=True))
    assert pages and len(pages) == len(set(pages))
