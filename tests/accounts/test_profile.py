import pytest
from django.urls import reverse

from accounts.models import TeamMembership
from tests.conftest import EN
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


def test_profile_shows_who_i_am_and_my_team(client, learner, team):
    client.force_login(learner)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "陈晓" in html
    assert learner.employee_number in html
    assert str(learner.region) in html
    assert "客户经理" in html  # the learner role, translated
    assert "城东集客一组" in html
    assert "主任：张伟" in html


def test_a_member_sees_how_many_people_their_team_has(client, learner, team):
    for name in ("刘洋", "郑凯", "周敏"):
        TeamMembership.objects.create(team=team, user=LearnerFactory(display_name=name))
    client.force_login(learner)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "4 名成员" in html


def test_director_sees_the_teams_they_lead_with_members(client, director, team):
    client.force_login(director)
    html = client.get(reverse("accounts:profile"), **EN).content.decode()
    assert "You lead this team" in html
    assert "1 member" in html
    assert "陈晓" in html


def test_profile_without_team_says_what_happens_next(learner_client):
    assert "你还没有加入团队" in learner_client.get(reverse("accounts:profile")).content.decode()


def test_profile_edit_saves_my_details(learner_client, learner):
    response = learner_client.post(
        reverse("accounts:profile"), {"display_name": "陈晓明", "email": "cx@example.com"}, follow=True
    )
    learner.refresh_from_db()
    assert learner.display_name == "陈晓明"
    assert "个人信息已保存。" in response.content.decode()


def test_profile_edit_keeps_what_i_typed_on_error(learner_client, learner):
    response = learner_client.post(reverse("accounts:profile"), {"display_name": "新名字", "email": "not-an-email"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="新名字"' in html
    assert 'value="not-an-email"' in html
    assert "请修改下面标出的错误。" in html
    learner.refresh_from_db()
    assert learner.display_name == "陈晓"


def test_profile_cannot_change_admin_kept_fields(learner_client, learner):
    learner_client.post(
        reverse("accounts:profile"),
        {"display_name": "陈晓", "email": "a@example.com", "employee_number": "HACK", "is_superuser": "on"},
    )
    learner.refresh_from_db()
    assert learner.employee_number != "HACK"
    assert not learner.is_superuser


def test_display_name_is_escaped(client):
    person = LearnerFactory(display_name="<b>bold</b>")
    client.force_login(person)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "<b>bold</b>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_profile_query_count_does_not_grow_with_team_size(client, director, team, django_assert_max_num_queries):
    for _ in range(30):
        TeamMembership.objects.create(team=team, user=LearnerFactory())
    client.force_login(director)
    # 30: the unread-notification count in the header, what the person shared,
    # Wagtail's user bar, which directors get since they write up cases in the admin,
    # the growth panel (their profile against the job model, and their plan), and
    # their contribution points (one grouped count per rule, six in all).
    client.get(reverse("accounts:profile"))  # the user bar creates Wagtail's user profile once
    with django_assert_max_num_queries(30):
        client.get(reverse("accounts:profile"))
