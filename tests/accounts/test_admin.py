import re

import pytest
from django.urls import reverse

from accounts.models import Team, User
from tests.conftest import EN, ZH
from tests.factories import RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, username="root"))
    return client


def test_admin_edits_our_user_fields(admin_client, learner):
    region = RegionFactory(name="城西区域营销中心", code="west")
    url = reverse("wagtailusers_users:edit", args=[learner.pk])
    html = admin_client.get(url).content.decode()
    assert 'name="employee_number"' in html
    assert 'name="region"' in html
    response = admin_client.post(
        url,
        {
            "username": learner.username,
            "email": learner.email,
            "first_name": "",
            "last_name": "",
            "display_name": "陈晓",
            "employee_number": "E9999",
            "region": region.pk,
            "is_active": "on",
            "groups": [],
        },
    )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert (learner.employee_number, learner.region) == ("E9999", region)


def test_duplicate_employee_numbers_are_refused_with_a_message(admin_client, learner):
    other = UserFactory(employee_number="E0001")
    response = admin_client.post(
        reverse("wagtailusers_users:edit", args=[learner.pk]),
        {
            "username": learner.username,
            "email": learner.email,
            "display_name": "陈晓",
            "employee_number": other.employee_number,
            "is_active": "on",
        },
        **ZH,
    )
    assert response.status_code == 200
    assert "该员工编号已被其他人使用。" in response.content.decode()


def test_empty_employee_numbers_do_not_collide(db):
    User.objects.create_user("a")
    User.objects.create_user("b")
    assert User.objects.filter(employee_number="").count() == 2


def test_admin_manages_teams_with_members(admin_client, director, learner):
    region = RegionFactory()
    response = admin_client.post(
        reverse("teams:add"),
        {
            "name": "高新集客组",
            "region": region.pk,
            "director": director.pk,
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-user": learner.pk,
            "memberships-0-id": "",
            "memberships-0-DELETE": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    team = Team.objects.get(name="高新集客组")
    assert list(team.memberships.values_list("user", flat=True)) == [learner.pk]
    listing = admin_client.get(reverse("teams:index")).content.decode()
    assert "高新集客组" in listing


def test_learners_cannot_reach_the_admin(learner_client):
    response = learner_client.get(reverse("teams:index"))
    assert response.status_code in (302, 403)


def test_admin_speaks_the_language_the_visitor_chose(admin_client):
    assert "控制面板" in admin_client.get(reverse("wagtailadmin_home"), **ZH).content.decode()
    assert "Dashboard" in admin_client.get(reverse("wagtailadmin_home"), **EN).content.decode()


def test_admin_names_people_by_their_display_name(admin_client, learner):
    html = admin_client.get(reverse("wagtailusers_users:index")).content.decode()
    assert "陈晓" in html


def test_the_admin_asks_no_outside_server_for_avatars(admin_client, learner):
    """Gravatar is Wagtail's default: every admin page would tell an outside server who
    is signed in, and hang on a network that cannot reach it."""
    for url in ("/admin/", reverse("wagtailusers_users:index"), reverse("wagtailadmin_account")):
        html = admin_client.get(url).content.decode()
        assert "gravatar" not in html, url
        assert not re.findall(r'src="(?:https?:)?//', html), url


def test_role_and_team_changes_are_in_the_site_history_with_who_and_when(admin_client, director, learner):
    from django.contrib.auth.models import Group
    from wagtail.models import ModelLogEntry

    directors = Group.objects.get(name="Directors")
    admin_client.post(
        reverse("wagtailusers_users:edit", args=[learner.pk]),
        {
            "username": learner.username,
            "email": learner.email,
            "display_name": "陈晓",
            "legal_name": "陈晓",
            "employee_number": "E7",
            "is_active": "on",
            "groups": [directors.pk],
        },
    )
    admin_client.post(
        reverse("teams:add"),
        {
            "name": "审计组",
            "region": RegionFactory().pk,
            "director": director.pk,
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
        },
    )
    user_entry = ModelLogEntry.objects.get(action="wagtail.edit", object_id=str(learner.pk))
    assert user_entry.user.username == "root" and user_entry.timestamp
    assert ModelLogEntry.objects.filter(action="wagtail.create", label="审计组").exists()
    history = admin_client.get(reverse("wagtailadmin_reports:site_history"), **ZH).content.decode()
    assert "审计组" in history and "陈晓" in history


def test_the_admin_is_branded_and_fills_wagtails_missing_chinese(admin_client, home_page):
    home = admin_client.get(reverse("wagtailadmin_home"), **ZH).content.decode()
    assert "<title>控制面板 - 效能学院</title>" in home
    assert 'class="academy-admin-logo"' in home
    listing = admin_client.get(reverse("wagtailadmin_explore", args=[home_page.pk]), **ZH).content.decode()
    # Strings Wagtail's own zh-hans catalogue leaves in English.
    assert "Page types usage" not in listing and "Search all pages…" not in listing
    user_form = admin_client.get(reverse("wagtailusers_users:add"), **ZH).content.decode()
    assert "只能使用字母、数字和 @/./+/-/_" in user_form


def test_the_default_workflow_has_a_chinese_name(db):
    from wagtail.models import Task, Workflow

    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert Workflow.objects.filter(name="编辑审核").exists() and Task.objects.filter(name="编辑审核").exists()
