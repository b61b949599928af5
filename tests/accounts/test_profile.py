import pytest
from django.urls import reverse

from accounts.models import TeamMembership
from tests.conftest import EN
from tests.factories import LearnerFactory, TeamFactory

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
    from core.person_generation import person_generation

    for _ in range(30):
        TeamMembership.objects.create(team=team, user=LearnerFactory())
    client.force_login(director)
    client.get(reverse("accounts:profile"))  # the user bar creates Wagtail's user profile once
    # Drawn afresh for the person: the unread-notification count in the header, what
    # they shared, Wagtail's user bar (directors write up cases in the admin), their
    # teams and roles, the growth panel (their profile against the job model, and their
    # plan), their certificates.
    person_generation.move_on([director.pk])
    with django_assert_max_num_queries(24):
        client.get(reverse("accounts:profile"))
    # Kept between visits: their row, and the user bar's.
    with django_assert_max_num_queries(4):
        client.get(reverse("accounts:profile"))


def test_the_kept_profile_shows_each_change_on_the_next_visit(
    client, learner, team, director, editor, taxonomy, lesson_library
):
    from competencies.models import JobGrade, PersonGrade
    from core.engagement import mark_helpful
    from tests.capture.conftest import make_experience
    from tests.knowledge.conftest import publish_lesson

    client.force_login(learner)
    html = client.get(reverse("accounts:profile"), **EN).content.decode()
    assert "城东集客一组" in html and "Not recorded" not in html.split("Region")[1][:80]

    other = TeamMembership.objects.create(team=TeamFactory(name="城西集客二组"), user=learner)
    assert "城西集客二组" in client.get(reverse("accounts:profile"), **EN).content.decode()
    other.delete()
    assert "城西集客二组" not in client.get(reverse("accounts:profile"), **EN).content.decode()

    PersonGrade.objects.create(user=learner, grade=JobGrade.objects.get(code="senior"))
    assert "Senior account manager" in client.get(reverse("accounts:profile"), **EN).content.decode()

    def contributions():
        return client.get(reverse("accounts:profile"), **EN).content.decode().split('id="profile-contributions"')[1]

    assert "Nothing shared yet" in contributions()
    make_experience(learner)
    assert "Nothing shared yet" not in contributions()
    lesson = publish_lesson(learner, title="联络人不肯引荐决策者", tags=["联络人"], editor=editor)
    assert "1 lesson published · found helpful 0 times" in contributions()
    mark_helpful(user=director, page=lesson)
    assert "1 lesson published · found helpful 1 time" in contributions()
