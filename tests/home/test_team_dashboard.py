"""The director's team dashboard: numbers checked against hand-computed ones, sorting,
the Excel export, who may see it, and a query count independent of team size."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from accounts.models import TeamMembership
from capture.models import ExperienceLessonPage
from competencies.models import JobGrade, PlanItem
from competencies.services import assign
from quizzes.models import Certificate, Certification
from tests.competencies.conftest import rate, set_grade
from tests.conftest import EN, ZH
from tests.factories import DirectorFactory, LearnerFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def in_days(days):
    return timezone.localdate() + timedelta(days=days)


def certify(user, name, *, expires_in_days=None, days_ago=10):
    certification, _created = Certification.objects.get_or_create(
        name=name, defaults={"grade": JobGrade.objects.get(code="junior"), "validity_months": 24}
    )
    now = timezone.now()
    return Certificate.objects.create(
        user=user,
        certification=certification,
        issued_at=now - timedelta(days=days_ago),
        expires_at=None if expires_in_days is None else now + timedelta(days=expires_in_days),
    )


def contribute(user, library, title, *, live=True):
    lesson = ExperienceLessonPage(title=title, slug=f"lesson-{ExperienceLessonPage.objects.count()}", contributor=user)
    library.add_child(instance=lesson)
    if live:
        lesson.save_revision().publish()
    else:
        lesson.live = False
        lesson.save_revision()
        ExperienceLessonPage.objects.filter(pk=lesson.pk).update(live=False)
    return lesson


@pytest.fixture
def crew(team, learner, director, plan_content):
    """陈晓 (needs-analysis 1 of 2), 刘洋 (2 of 2), 孙磊 (never measured), all
    intermediate; the numbers the tests expect are worked out in each test."""
    liuyang = LearnerFactory(display_name="刘洋")
    sunlei = LearnerFactory(display_name="孙磊")
    for member in (liuyang, sunlei):
        TeamMembership.objects.create(team=team, user=member)
    for member in (learner, liuyang, sunlei):
        set_grade(member, "intermediate")
    rate(learner, "needs-analysis", 1)
    rate(liuyang, "needs-analysis", 2)
    case_assignment = assign(actor=director, page=plan_content.case, team=team, due_on=in_days(7))
    quiz_assignment = assign(actor=director, page=plan_content.needs_quiz, person=learner, due_on=in_days(1))
    PlanItem.objects.filter(assignment=quiz_assignment).update(due_on=in_days(-2))
    PlanItem.objects.filter(assignment=case_assignment, user=liuyang).update(completed_at=timezone.now())
    certify(learner, "初级客户经理认证", expires_in_days=30)
    certify(liuyang, "中级客户经理认证")
    certify(sunlei, "旧认证", expires_in_days=-5, days_ago=800)
    library = plan_content.lesson.get_parent()
    contribute(learner, library, "停专线前的三个信号")
    contribute(learner, library, "联络人不引荐怎么办")
    contribute(liuyang, library, "还没发布的经验", live=False)
    return {"chenxiao": learner, "liuyang": liuyang, "sunlei": sunlei}


def dashboard_html(client, team, **params):
    return client.get(reverse("team_dashboards:dashboard", args=[team.pk]), params, **EN).content.decode()


def test_the_dashboard_numbers_match_the_hand_count(client, crew, team, director):
    client.force_login(director)
    response = client.get(reverse("team_dashboards:dashboard", args=[team.pk]), **EN)
    dashboard = response.context["dashboard"]
    # Assigned: the case to 3 members + the quiz to 陈晓 = 4 items, 刘洋's case done.
    assert (dashboard.assigned_total, dashboard.assigned_done, dashboard.assigned_percent) == (4, 1, 25)
    # Only 陈晓's quiz is past its date.
    assert dashboard.overdue_total == 1
    # 孙磊's certificate expired; 陈晓's expires within 60 days.
    assert (dashboard.certificate_total, dashboard.expiring_total) == (2, 1)
    # 刘洋's lesson is a draft.
    assert dashboard.lesson_total == 2
    rows = {row.user.get_display_name(): row for row in dashboard.rows}
    needs = [column.code for column in dashboard.columns].index("needs-analysis")
    assert rows["陈晓"].cells[needs].level == 1.0 and rows["陈晓"].cells[needs].status == "gap"
    assert rows["刘洋"].cells[needs].status == "met"
    assert rows["孙磊"].cells[needs].status == "unknown"
    assert (rows["陈晓"].progress.total, rows["陈晓"].progress.overdue) == (2, 1)
    html = response.content.decode()
    # Whole levels, as on every page.
    assert "25%" in html and "1 / 2" in html and "1.0 / 2" not in html and "停专线前的三个信号" in html


def test_sorting_by_a_competency_puts_the_weakest_first(client, crew, team, director):
    client.force_login(director)
    response = client.get(reverse("team_dashboards:dashboard", args=[team.pk]), {"sort": "needs-analysis"})
    assert [row.user.get_display_name() for row in response.context["dashboard"].rows] == ["孙磊", "陈晓", "刘洋"]
    response = client.get(reverse("team_dashboards:dashboard", args=[team.pk]), {"sort": "lessons", "dir": "desc"})
    assert response.context["dashboard"].rows[0].user.get_display_name() == "陈晓"
    html = response.content.decode()
    assert 'aria-sort="descending"' in html
    # An unknown sort key falls back to names, never an error.
    response = client.get(reverse("team_dashboards:dashboard", args=[team.pk]), {"sort": "x" * 500})
    assert response.status_code == 200 and response.context["dashboard"].sort == "name"


def test_the_excel_export_holds_the_same_numbers(client, crew, team, director):
    client.force_login(director)
    response = client.get(reverse("team_dashboards:export", args=[team.pk]), {"sort": "name"}, **ZH)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    assert ModelLogEntry.objects.get(action="core.export", user=director).data["what"] == team.name
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[0] == "成员" and "需求理解与分析（水平 / 要求）" in header
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert set(by_name) == {"陈晓", "刘洋", "孙磊"}
    chen = by_name["陈晓"]
    assert chen["岗位层级"] == "中级客户经理"
    assert chen["需求理解与分析（水平 / 要求）"] == "1 / 2"
    assert (chen["已布置"], chen["已完成"], chen["已逾期"], chen["证书"], chen["即将到期"], chen["分享的经验"]) == (
        2,
        0,
        1,
        1,
        1,
        2,
    )
    assert by_name["孙磊"]["需求理解与分析（水平 / 要求）"] == "未测评 / 2"


def test_a_formula_in_a_name_is_exported_as_text(client, crew, team, director):
    crew["sunlei"].display_name = '=HYPERLINK("http://x")'
    crew["sunlei"].save()
    client.force_login(director)
    response = client.get(reverse("team_dashboards:export", args=[team.pk]), **EN)
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in cells)


def test_only_the_teams_director_and_admins_see_it(client, crew, team):
    urls = [reverse("team_dashboards:dashboard", args=[team.pk]), reverse("team_dashboards:export", args=[team.pk])]
    other_director = DirectorFactory()
    TeamFactory(director=other_director)
    for viewer in (crew["liuyang"], other_director):
        client.force_login(viewer)
        assert [client.get(url).status_code for url in urls] == [404, 404]
    client.force_login(UserFactory(is_superuser=True, roles=[]))
    assert [client.get(url).status_code for url in urls] == [200, 200]


def test_a_director_with_one_team_goes_straight_to_it(client, crew, team, director):
    client.force_login(director)
    response = client.get(reverse("team_dashboards:list"))
    assert response["Location"] == reverse("team_dashboards:dashboard", args=[team.pk])
    client.force_login(crew["liuyang"])
    assert "You do not lead a team." in client.get(reverse("team_dashboards:list"), **EN).content.decode()


def test_the_home_page_links_the_dashboard_for_its_director_only(client, crew, team, director):
    url = reverse("team_dashboards:dashboard", args=[team.pk])
    client.force_login(director)
    assert url in client.get("/", **EN).content.decode()
    client.force_login(crew["liuyang"])
    assert url not in client.get("/", **EN).content.decode()


def test_the_query_count_does_not_grow_with_the_team(client, crew, team, director, plan_content):
    client.force_login(director)
    url = reverse("team_dashboards:dashboard", args=[team.pk])
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    for number in range(6):
        member = LearnerFactory(display_name=f"新成员{number}")
        TeamMembership.objects.create(team=team, user=member)
        set_grade(member, "junior")
        rate(member, "needs-analysis", 1)
        certify(member, f"认证{number}", expires_in_days=20)
        contribute(member, plan_content.lesson.get_parent(), f"新成员{number}的经验")
    assign(actor=director, page=plan_content.design_quiz, team=team, due_on=in_days(3))
    # Publishing the lessons moved the content generation on: the first visit after it
    # rebuilds the cached menu, as the very first visit above did.
    client.get(url)
    assert count() == small
