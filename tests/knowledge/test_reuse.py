"""Reuse figures: reads (and reads from search) are counted as people open lessons,
and editors and directors see them with applications and outcomes, as a chart, tables
and an Excel file."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import TeamMembership
from knowledge.models import PageUseDay
from knowledge.services import record_application, report_outcome
from tests.factories import DirectorFactory, TeamFactory

pytestmark = pytest.mark.django_db


def test_signed_in_reads_are_counted_and_those_from_search_apart(client, learner, lesson):
    client.get(lesson.url)  # a visitor who is not signed in: not counted
    client.force_login(learner)
    client.get(lesson.url)
    client.get(lesson.url, HTTP_REFERER="http://testserver/search/?q=%E8%81%94%E7%BB%9C%E4%BA%BA")
    client.get(lesson.url, HTTP_REFERER="http://elsewhere.example/search/")
    day = PageUseDay.objects.get(page=lesson, day=timezone.localdate())
    assert (day.views, day.from_search) == (3, 1)


def test_editors_see_reuse_figures_and_download_them(client, learner, editor, lesson):
    client.force_login(learner)
    client.get(lesson.url)
    application, _created = record_application(user=learner, page=lesson, account="某医院", stage="pre_sale")
    report_outcome(user=learner, application=application, result="won", note="成了")

    client.force_login(editor)
    response = client.get(reverse("knowledge:reuse"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "全部经验和案例" in html and lesson.title in html and "刘洋" in html
    assert '<canvas id="reuse-chart"' in html and 'id="reuse-data"' in html

    export = client.get(reverse("knowledge:reuse"), {"format": "xlsx"})
    book = load_workbook(io.BytesIO(export.content))
    rows = list(book.worksheets[0].values)
    assert rows[0][:4] == ("标题", "贡献人", "阅读", "经搜索到达")
    assert rows[1][:3] == (lesson.title, "刘洋", 1)
    assert rows[1][5:7] == (1, 1)  # applied, won


def test_a_director_sees_what_their_teams_members_contributed(client, learner, colleague, editor, lesson, team):
    from tests.knowledge.conftest import publish_lesson

    own_team = publish_lesson(learner, title="开通要有人盯到底", editor=editor)
    client.force_login(team.director)
    html = client.get(reverse("knowledge:reuse")).content.decode()
    assert "你团队成员贡献的内容" in html
    client.force_login(learner)
    client.get(own_team.url)
    client.get(lesson.url)
    client.force_login(team.director)
    html = client.get(reverse("knowledge:reuse")).content.decode()
    assert own_team.title in html and lesson.title not in html


def test_learners_and_directors_of_nobody_are_refused(client, learner):
    client.force_login(learner)
    assert client.get(reverse("knowledge:reuse")).status_code == 403
    lonely = DirectorFactory(username="nobodys")
    client.force_login(lonely)
    assert client.get(reverse("knowledge:reuse")).status_code == 403
    TeamMembership.objects.create(team=TeamFactory(director=lonely), user=learner)
    assert client.get(reverse("knowledge:reuse")).status_code == 200
