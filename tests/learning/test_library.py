import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from competencies.models import Competency, ProficiencyLevel
from learning.models import CourseCompetency, CourseIndexPage, CoursePage, Enrolment
from tests.conftest import EN, fresh
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(db, shared_library):
    return fresh(shared_library)


def titles(response):
    return [course.title for course in response.context["library"].page]


def test_library_lists_the_courses_with_lessons_and_skills(client, library):
    response = client.get(library.url)
    html = response.content.decode()
    assert sorted(titles(response)) == sorted(["通信市场分析", "集团客户需求放大镜", "集团客户攻守有道"])
    assert "3 课时" in html
    assert "需求理解与分析 → 独立运用" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"competency": "needs-analysis"}, ["集团客户需求放大镜"]),
        ({"grade": "senior"}, ["集团客户攻守有道"]),
        ({"level": "3"}, ["集团客户攻守有道"]),
        ({"competency": "competitive-strategy", "level": "2"}, ["通信市场分析"]),
        ({"tag": "竞争"}, ["集团客户攻守有道", "通信市场分析"]),
    ],
)
def test_filters_narrow_the_library(client, library, params, expected):
    assert sorted(titles(client.get(library.url, params))) == sorted(expected)


@pytest.mark.parametrize(
    "params",
    [
        {"competency": "no-such-skill"},
        {"grade": "'; DROP TABLE"},
        {"level": "abc"},
        {"level": "99"},
        {"tag": "<script>"},
        {"sort": "sideways"},
        {"page": "-3"},
        {"page": "9999"},
    ],
)
def test_junk_parameters_are_ignored_not_errors(client, library, params):
    response = client.get(library.url, params)
    assert response.status_code == 200
    assert len(titles(response)) == 3


def test_a_junk_competency_beside_a_level_spoils_no_later_visit(client, library):
    # Pages of results are cached by the filters in effect; junk must not be one.
    client.get(library.url, {"level": "3", "competency": "no-such-skill"})
    assert titles(client.get(library.url, {"level": "3"})) == ["集团客户攻守有道"]


def test_sorting_by_title_and_length(client, library):
    assert titles(client.get(library.url, {"sort": "shortest"}))[0] == "通信市场分析"
    assert titles(client.get(library.url, {"sort": "title"})) == sorted(titles(client.get(library.url)))


def test_active_filters_are_stated_and_clearable(client, library):
    html = client.get(library.url, {"grade": "senior"}, **EN).content.decode()
    assert "1 course · Job grade: Senior account manager" in html
    assert "Clear filters" in html
    assert "1 门课程 · 岗位层级：高级客户经理" in client.get(library.url, {"grade": "senior"}).content.decode()


def test_the_filters_name_competencies_grades_and_levels_in_the_readers_language(client, library):
    english = client.get(library.url, **EN).content.decode()
    assert "Needs analysis" in english and "Senior account manager" in english and "需求理解与分析" not in english
    chinese = client.get(library.url).content.decode()
    assert "需求理解与分析" in chinese and "高级客户经理" in chinese


def test_no_match_says_so_with_a_way_back(client, library):
    html = client.get(library.url, {"grade": "junior", "competency": "negotiation"}).content.decode()
    assert "没有符合这些条件的课程。" in html


def test_draft_courses_stay_out_of_the_library(client, library):
    CoursePage.objects.get(slug="market-analysis").unpublish()
    assert "通信市场分析" not in titles(client.get(library.url))


def test_library_query_count_does_not_grow_with_courses(client, library, django_assert_max_num_queries):
    competency, level = Competency.objects.first(), ProficiencyLevel.objects.first()
    index = CourseIndexPage.objects.get()
    for number in range(30):
        course = index.add_child(instance=CoursePage(title=f"课程{number}", slug=f"c{number}", summary="概要"))
        CourseCompetency.objects.create(course=course, competency=competency, level=level)
    with django_assert_max_num_queries(22):
        response = client.get(library.url, {"page": "2"})
    assert len(titles(response)) == 12


def card_of(html, title):
    return next(card for card in html.split('<li class="course-card">') if f">{title}</a>" in card)


def test_cards_are_kept_until_a_lesson_is_published_or_unpublished(learner_client, library):
    client = learner_client  # signed in: anonymous visits are answered from the page cache
    course = CoursePage.objects.get(title="集团客户需求放大镜")
    assert "3 课时" in card_of(client.get(library.url).content.decode(), course.title)
    with CaptureQueriesContext(connection) as again:
        client.get(library.url)
    assert not [query for query in again.captured_queries if "learning_coursecompetency" in query["sql"]]

    course.get_children().live().last().specific.unpublish()
    assert "2 课时" in card_of(client.get(library.url).content.decode(), course.title)


def test_a_card_kept_for_everyone_shows_each_reader_their_own_progress(client, learner, library):
    finished = CoursePage.objects.get(title="集团客户需求放大镜")
    started = CoursePage.objects.get(title="通信市场分析")
    Enrolment.objects.create(user=learner, course=finished, completed_at=timezone.now())
    Enrolment.objects.create(user=learner, course=started)
    client.force_login(learner)
    html = client.get(library.url).content.decode()
    assert "已完成" in card_of(html, finished.title)
    assert "学习中" in card_of(html, started.title)
    assert "学习中" not in card_of(html, "集团客户攻守有道")

    client.force_login(LearnerFactory())  # the same kept cards, another reader
    html = client.get(library.url).content.decode()
    assert "已完成" not in card_of(html, finished.title)
    assert "学习中" not in card_of(html, started.title)
