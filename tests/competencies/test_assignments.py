"""Directors assign learning to their team or one member, with a due date; nobody else
can; learners see assigned items apart and overdue ones stand out."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import TeamMembership
from competencies.models import Assignment, PlanItem
from competencies.selectors import plan_of
from competencies.services import add_to_plan, assign, drop_item
from core.models import Notification
from core.notifications import unread_count
from tests.conftest import EN
from tests.factories import DirectorFactory, LearnerFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def crew(team, learner):
    """The fixture team: 陈晓 plus 刘洋."""
    liuyang = LearnerFactory(display_name="刘洋")
    TeamMembership.objects.create(team=team, user=liuyang)
    return [learner, liuyang]


def in_days(days):
    return timezone.localdate() + timedelta(days=days)


def test_assigning_to_the_team_puts_it_in_every_members_plan(crew, team, director, plan_content):
    assignment = assign(actor=director, page=plan_content.case, team=team, due_on=in_days(7), note="周会前读完")
    items = PlanItem.objects.filter(assignment=assignment)
    assert sorted(item.user_id for item in items) == sorted(member.pk for member in crew)
    assert {item.origin for item in items} == {PlanItem.Origin.ASSIGNED}
    assert {item.due_on for item in items} == {in_days(7)}
    assert all(unread_count(member) == 1 for member in crew)
    plan = plan_of(crew[0])
    assert [item.page_id for item in plan.assigned] == [plan_content.case.pk]
    assert plan.own == []


def test_an_item_already_in_the_plan_becomes_assigned_and_cannot_be_dropped(crew, team, director, plan_content):
    own = add_to_plan(user=crew[0], page=plan_content.case)
    assign(actor=director, page=plan_content.case, team=team, due_on=in_days(3))
    own.refresh_from_db()
    assert own.origin == PlanItem.Origin.ASSIGNED and own.due_on == in_days(3)
    with pytest.raises(PermissionDenied):
        drop_item(user=crew[0], item=own)
    assert PlanItem.objects.filter(user=crew[0], page=plan_content.case).count() == 1


def test_other_directors_and_members_cannot_assign(crew, team, plan_content):
    other_director = DirectorFactory()
    TeamFactory(director=other_director)
    for actor in (other_director, crew[1]):
        with pytest.raises(PermissionDenied):
            assign(actor=actor, page=plan_content.case, team=team, due_on=in_days(7))
        with pytest.raises(PermissionDenied):
            assign(actor=actor, page=plan_content.case, person=crew[0], due_on=in_days(7))
    assert not Assignment.objects.exists()


def test_a_director_assigns_to_one_member_only_of_their_own_teams(crew, director, plan_content):
    assign(actor=director, page=plan_content.needs_quiz, person=crew[1], due_on=in_days(5))
    assert PlanItem.objects.filter(page=plan_content.needs_quiz).count() == 1
    with pytest.raises(PermissionDenied):
        assign(actor=director, page=plan_content.needs_quiz, person=LearnerFactory(), due_on=in_days(5))


def test_admins_assign_to_any_team(crew, team, plan_content):
    admin = UserFactory(is_superuser=True, roles=[])
    assign(actor=admin, page=plan_content.case, team=team, due_on=in_days(5))
    assert PlanItem.objects.filter(page=plan_content.case).count() == 2


def test_dates_in_the_past_or_too_far_ahead_are_refused(crew, team, director, plan_content):
    for due_on in (in_days(-1), in_days(400)):
        with pytest.raises(ValidationError):
            assign(actor=director, page=plan_content.case, team=team, due_on=due_on)


def test_the_assign_page_keeps_what_was_typed_on_an_error(client, crew, team, director, plan_content):
    client.force_login(director)
    url = reverse("competencies:assign", args=[plan_content.case.pk])
    form = client.get(url, **EN).content.decode()
    assert team.name in form and "刘洋" in form
    past = in_days(-3).isoformat()
    response = client.post(url, {"recipient": f"team:{team.pk}", "due_on": past, "note": "带一个难题来"}, **EN)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The due date has passed." in html
    assert "带一个难题来" in html and past in html
    assert not Assignment.objects.exists()


def test_the_assign_page_refuses_a_forged_recipient(client, crew, director, plan_content):
    client.force_login(director)
    outsider_team = TeamFactory()
    url = reverse("competencies:assign", args=[plan_content.case.pk])
    response = client.post(url, {"recipient": f"team:{outsider_team.pk}", "due_on": in_days(3).isoformat()}, **EN)
    assert "Select a valid choice" in response.content.decode()
    assert not Assignment.objects.exists()


def test_assigning_through_the_page_notifies_and_returns_to_the_page(client, crew, team, director, plan_content):
    client.force_login(director)
    url = reverse("competencies:assign", args=[plan_content.case.pk])
    response = client.post(url, {"recipient": f"team:{team.pk}", "due_on": in_days(3).isoformat()}, **EN)
    assert response.status_code == 302 and response["Location"] == plan_content.case.url
    assert PlanItem.objects.filter(page=plan_content.case).count() == 2


def test_members_cannot_open_the_assign_page(client, crew, plan_content):
    client.force_login(crew[0])
    assert client.get(reverse("competencies:assign", args=[plan_content.case.pk])).status_code == 403


def test_content_pages_offer_assigning_only_to_directors(client, crew, director, plan_content):
    label = "Assign to my team"
    client.force_login(director)
    assert label in client.get(plan_content.case.url, **EN).content.decode()
    client.force_login(crew[0])
    html = client.get(plan_content.case.url, **EN).content.decode()
    assert label not in html and "Add to my learning plan" in html


def test_overdue_assigned_items_stand_out(client, crew, team, director, plan_content):
    assignment = assign(actor=director, page=plan_content.case, team=team, due_on=in_days(1))
    PlanItem.objects.filter(assignment=assignment).update(due_on=in_days(-2))
    client.force_login(crew[0])
    html = client.get(reverse("competencies:plan"), **EN).content.decode()
    assert "plan-item--overdue" in html
    assert f"Overdue since {in_days(-2).isoformat()}" in html


def test_a_director_reminds_a_member_once_a_day_of_open_assigned_learning(client, crew, team, director, plan_content):
    learner, liuyang = crew
    assign(actor=director, page=plan_content.case, person=learner, due_on=in_days(3))
    client.force_login(director)
    dashboard = reverse("team_dashboards:dashboard", args=[team.pk])
    remind_url = reverse("competencies:remind", args=[learner.pk])

    response = client.post(remind_url, {"next": dashboard}, follow=True)
    assert response.redirect_chain[-1][0] == dashboard
    assert "陈晓 已收到提醒" in response.content.decode()
    reminders = Notification.objects.filter(recipient=learner, url__endswith="#assigned-heading")
    assert reminders.count() == 1 and "张伟提醒你有 1 项布置的学习" in reminders.get().message

    again = client.post(remind_url, {"next": dashboard}, follow=True).content.decode()
    assert reminders.count() == 1 and "今天已经提醒过" in again
    # Nothing open for 刘洋: nothing sent.
    client.post(reverse("competencies:remind", args=[liuyang.pk]))
    assert not Notification.objects.filter(recipient=liuyang, url__endswith="#assigned-heading").exists()


def test_only_the_members_director_can_remind(client, crew, plan_content):
    client.force_login(DirectorFactory())
    assert client.post(reverse("competencies:remind", args=[crew[0].pk])).status_code == 404
    client.force_login(crew[1])
    assert client.post(reverse("competencies:remind", args=[crew[0].pk])).status_code == 404
    assert client.get(reverse("competencies:remind", args=[crew[0].pk])).status_code == 405


def test_the_heat_map_offers_row_actions_and_the_profile_offers_learning_per_gap(
    client, crew, team, director, plan_content
):
    from tests.competencies.conftest import rate, set_grade

    learner = crew[0]
    set_grade(learner, "intermediate")
    rate(learner, "needs-analysis", 1)
    assign(actor=director, page=plan_content.case, person=learner, due_on=in_days(3))
    client.force_login(director)
    heat_map = client.get(reverse("team_dashboards:dashboard", args=[team.pk])).content.decode()
    row = heat_map.split('<th scope="row">')[1].split("</th>")[0]
    for name in ("陈晓", "刘洋"):
        assert name in heat_map
    assert reverse("competencies:remind", args=[learner.pk]) in heat_map
    assert reverse("competencies:person_profile", args=[learner.pk]) + "#gaps-heading" in heat_map
    assert "布置" in row

    profile = client.get(reverse("competencies:person_profile", args=[learner.pk])).content.decode()
    gaps = profile.split('id="gaps-heading"')[1].split("</section>")[0]
    link = f"?recipient=person:{learner.pk}"
    assert link in gaps and "布置给陈晓" in gaps
    assign_page = gaps.split('href="')[1].split('"')[0].replace("&amp;", "&")
    form = client.get(assign_page).content.decode()
    assert f'<option value="person:{learner.pk}" selected>' in form
