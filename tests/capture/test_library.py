"""The lesson library (经验库) and a lesson's page: facets, sorting, related content,
recommendations, escaping and bounded queries."""

import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import TeamMembership
from capture.models import Experience, ExperienceLessonPage
from capture.services import approve, recommend
from core.engagement import mark_helpful
from core.facets import VOLATILE_SORT_SECONDS
from tests.capture.conftest import make_experience
from tests.conftest import EN
from tests.factories import DirectorFactory, EditorFactory, LearnerFactory, TeamFactory

pytestmark = pytest.mark.django_db


def publish(author, *, title, tags=(), competencies=(), editor=None, **fields):
    experience = make_experience(author, state=Experience.State.SUBMITTED, **fields)
    experience.competencies.add(*competencies)
    experience.save()
    return approve(reviewer=editor or EditorFactory(), experience=experience, title=title, tags=tags)


@pytest.fixture
def lessons(learner, editor, taxonomy, lesson_library, competency, industry):
    return [
        publish(
            learner,
            title="客户突然停专线",
            tags=["客户流失"],
            competencies=[competency],
            editor=editor,
            industry=industry,
            sales_stage="after_sale",
        ),
        publish(learner, title="联络人不引荐决策者", tags=["联络人"], editor=editor, sales_stage="pre_sale"),
        publish(learner, title="对手降价两成", tags=["竞争对手", "客户流失"], editor=editor, sales_stage="pre_sale"),
    ]


def titles(html, lessons):
    return [lesson.title for lesson in lessons if lesson.title in html]


def test_the_library_lists_published_lessons_newest_first(client, lessons, lesson_library):
    html = client.get(lesson_library.url).content.decode()
    assert "3 条经验" in html
    positions = [html.index(lesson.title) for lesson in lessons]
    assert positions == sorted(positions, reverse=True)


def test_a_lesson_names_who_shared_it_in_each_language_without_reading_their_account(client, lessons, director):
    client.force_login(director)
    client.get(lessons[0].url)
    with CaptureQueriesContext(connection) as read:
        chinese = client.get(lessons[0].url).content.decode()
    accounts = [query["sql"] for query in read.captured_queries if '"accounts_user"."password"' in query["sql"]]
    assert len(accounts) == 1, "only the reader's own account, to sign them in"
    assert "陈晓 分享 · " in chinese
    assert "Shared by 陈晓 · " in client.get(lessons[0].url, **EN).content.decode()

    anonymous = ExperienceLessonPage.objects.get(pk=lessons[1].pk)
    anonymous.contributor = None
    anonymous.save_revision().publish()
    assert "分享 · " not in client.get(anonymous.url).content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"tag": "客户流失"}, ["客户突然停专线", "对手降价两成"]),
        ({"stage": "pre_sale"}, ["联络人不引荐决策者", "对手降价两成"]),
        ({"competency": "needs-analysis"}, ["客户突然停专线"]),
    ],
)
def test_facets_narrow_the_library(client, lessons, lesson_library, params, expected):
    if "tag" in params:
        from taggit.models import Tag

        params = {"tag": Tag.objects.get(name=params["tag"]).slug}
    html = client.get(lesson_library.url, params).content.decode()
    assert sorted(titles(html.split('class="library__results"')[1], lessons)) == sorted(expected)


def test_the_industry_facet(client, lessons, lesson_library, industry):
    html = client.get(lesson_library.url, {"industry": industry.pk}).content.decode()
    assert titles(html.split('class="library__results"')[1], lessons) == ["客户突然停专线"]


@pytest.mark.parametrize("junk", ["<script>", "999999", "-1", "x" * 300])
def test_junk_filters_and_pages_are_ignored(client, lessons, lesson_library, junk):
    response = client.get(
        lesson_library.url, {"tag": junk, "industry": junk, "stage": junk, "sort": junk, "page": junk}
    )
    assert response.status_code == 200
    assert "3 条经验" in response.content.decode()


def test_most_helpful_first(client, lessons, lesson_library, learner, director, teammate):
    for person in (learner, director, teammate):
        mark_helpful(user=person, page=lessons[0])
    mark_helpful(user=learner, page=lessons[1])
    html = client.get(lesson_library.url, {"sort": "helpful"}).content.decode()
    results = html.split('class="library__results"')[1]
    order = [results.index(lesson.title) for lesson in lessons]
    assert order[0] < order[1] < order[2]


def test_a_new_lesson_shows_at_once_though_the_library_is_cached(client, lessons, lesson_library, learner):
    assert "3 条经验" in client.get(lesson_library.url).content.decode()
    publish(learner, title="合同续签前的三次回访", tags=["客户流失"])
    html = client.get(lesson_library.url).content.decode()
    assert "4 条经验" in html
    assert html.index("合同续签前的三次回访") < html.index(lessons[-1].title)


def test_helpful_order_follows_new_votes_within_a_minute(
    client, lessons, lesson_library, learner, director, teammate, monkeypatch
):
    mark_helpful(user=teammate, page=lessons[0])
    client.get(lesson_library.url, {"sort": "helpful"})
    mark_helpful(user=learner, page=lessons[2])
    mark_helpful(user=director, page=lessons[2])
    later = time.time() + VOLATILE_SORT_SECONDS + 1
    monkeypatch.setattr(time, "time", lambda: later)
    results = client.get(lesson_library.url, {"sort": "helpful"}).content.decode().split('class="library__results"')[1]
    assert results.index(lessons[2].title) < results.index(lessons[0].title)


@pytest.mark.parametrize("below", [0, 10_000], ids=["publication-index", "sorted-matches"])
def test_both_ways_of_finding_the_newest_agree(client, lessons, lesson_library, learner, monkeypatch, below):
    from core import facets

    monkeypatch.setattr(facets, "SORT_MATCHES_BELOW", below)
    html = client.get(lesson_library.url, {"stage": "pre_sale"}).content.decode()
    results = html.split('class="library__results"')[1]
    assert results.index("对手降价两成") < results.index("联络人不引荐决策者")
    assert "客户突然停专线" not in results


def test_an_empty_library_invites_sharing(learner_client, lesson_library):
    html = learner_client.get(lesson_library.url).content.decode()
    assert "还没有经验" in html
    assert reverse("capture:share") in html


def test_a_lesson_shows_its_frame_context_and_related_lessons(client, lessons, competency):
    html = client.get(lessons[0].url).content.decode()
    assert "原因识别" in html
    assert "只维护了一个联系人" in html
    assert "回访不问故障问计划" in html
    assert "交通物流" in html and "售后" in html
    assert competency.name in html
    # shares the tag 客户流失
    assert "对手降价两成" in html


def test_a_lesson_shows_related_courses(client, lessons, competency):
    from learning import demo as learning_demo

    learning_demo.load()
    html = client.get(lessons[0].url).content.decode()
    assert "集团客户需求放大镜" in html  # develops 需求理解与分析


def test_a_director_recommends_a_lesson_to_the_team(client, lessons, lesson_library, director, team, learner):
    client.force_login(director)
    response = client.post(
        reverse("capture:recommend", args=[lessons[1].pk]), {"team": team.pk, "note": "下周拜访前必读"}
    )
    assert response.status_code == 302
    client.force_login(learner)
    with CaptureQueriesContext(connection) as read:
        library = client.get(lesson_library.url).content.decode()
    assert "推荐给你的团队" in library
    shown = library[library.index("推荐给你的团队") :]
    assert f'<a href="{lessons[1].url}">{lessons[1].title}</a>' in shown
    assert f"{director.get_display_name()} 推荐给{team.name}" in shown and "下周拜访前必读" in shown
    recommendations = [query["sql"] for query in read if 'FROM "capture_teamrecommendation"' in query["sql"]]
    assert recommendations and not any("password" in sql for sql in recommendations)
    assert "下周拜访前必读" in client.get(lessons[1].url).content.decode()


def test_a_director_cannot_recommend_to_someone_elses_team(client, lessons, director, learner):
    other_team = TeamFactory(name="别人的组")
    client.force_login(director)
    response = client.post(reverse("capture:recommend", args=[lessons[1].pk]), {"team": other_team.pk})
    assert response.status_code in (302, 403)
    assert not other_team.recommended_lessons.exists()
    client.force_login(learner)
    assert client.post(reverse("capture:recommend", args=[lessons[1].pk]), {"team": other_team.pk}).status_code == 403


def test_recommending_offers_only_to_directors(client, lessons, director, team, learner):
    client.force_login(director)
    assert "推荐给团队" in client.get(lessons[0].url).content.decode()
    client.force_login(learner)
    assert "推荐给团队" not in client.get(lessons[0].url).content.decode()


def test_a_directors_lesson_page_reads_their_teams_once_for_the_recommend_box_and_plan_button(
    client, lessons, director, team
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.selectors import teams_generation

    client.force_login(director)
    client.get(lessons[0].url)
    teams_generation.move_on()  # as any change to a team does
    with CaptureQueriesContext(connection) as queries:
        html = client.get(lessons[0].url).content.decode()
    assert "推荐给团队" in html and "布置给团队" in html
    team_reads = [query["sql"] for query in queries if 'FROM "accounts_team"' in query["sql"]]
    assert len(team_reads) == 1, team_reads
    # Kept between visits until a team changes.
    with CaptureQueriesContext(connection) as queries:
        client.get(lessons[0].url)
    assert not [query["sql"] for query in queries if 'FROM "accounts_team"' in query["sql"]]


def test_a_script_in_any_field_is_shown_as_text(client, learner, editor, taxonomy, lesson_library):
    script = "<script>alert('x')</script>"
    experience = make_experience(
        learner,
        state=Experience.State.SUBMITTED,
        **{name: script for name in Experience.TEXT_FIELDS if name != "rule_of_thumb"},
        rule_of_thumb=script,
        title=script,
    )
    experience.causes.update(cause=script, evidence=script)
    lesson = approve(reviewer=editor, experience=experience, title=script, tags=[script])
    client.force_login(learner)
    for url in (
        lesson.url,
        lesson_library.url,
        reverse("capture:mine"),
        reverse("capture:detail", args=[experience.pk]),
        reverse("search") + "?q=alert",
    ):
        html = client.get(url).content.decode()
        assert script not in html, url
    client.force_login(editor)
    html = client.get(reverse("wagtailsnippets_capture_experience:review", args=[experience.pk])).content.decode()
    assert script not in html


def test_only_the_author_and_editors_see_an_unpublished_submission(client, learner, teammate, editor, taxonomy):
    experience = make_experience(learner, state=Experience.State.SUBMITTED)
    url = reverse("capture:detail", args=[experience.pk])
    client.force_login(teammate)
    assert client.get(url).status_code == 403
    client.force_login(learner)
    assert client.get(url).status_code == 200
    client.force_login(editor)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302


def test_the_library_and_a_lesson_run_a_fixed_number_of_queries(
    client, learner, editor, taxonomy, lesson_library, competency
):
    director = DirectorFactory()
    team = TeamFactory(director=director)
    TeamMembership.objects.create(team=team, user=learner)

    def add_lessons(start, stop):
        for index in range(start, stop):
            lesson = publish(
                LearnerFactory(),
                title=f"经验{index}",
                tags=[f"标签{index}", "共同"],
                competencies=[competency],
                editor=editor,
            )
            mark_helpful(user=learner, page=lesson)
            recommend(director=director, lesson=lesson, team=team)

    def counts():
        client.force_login(learner)
        lesson = ExperienceLessonPage.objects.child_of(lesson_library).live().first()
        # Measured with nothing cached but what any visit fills, so related content
        # and its queries are counted too.
        cache.clear()
        client.get(lesson_library.url)  # warm the site and tag caches that any visit fills
        with CaptureQueriesContext(connection) as library_queries:
            client.get(lesson_library.url, {"sort": "helpful"})
        with CaptureQueriesContext(connection) as lesson_queries:
            client.get(lesson.url)
        return len(library_queries), len(lesson_queries)

    # Past a handful, related lessons fill from shared tags alone; from then on nothing
    # that grows with the library may add a query.
    add_lessons(0, 6)
    few = counts()
    add_lessons(6, 20)
    assert counts() == few
    assert few[0] <= 30 and few[1] <= 40, few


def test_english_labels(client, lessons, lesson_library):
    html = client.get(lesson_library.url, **EN).content.decode()
    assert "3 lessons" in html
    assert "Most helpful" in html


def test_a_lesson_republished_with_a_new_cause_shows_it_at_once(client, lessons):
    from capture.models import LessonCause

    lesson = ExperienceLessonPage.objects.get(pk=lessons[0].pk)
    assert "只维护了一个联系人" in client.get(lesson.url).content.decode()
    with CaptureQueriesContext(connection) as again:
        client.get(lesson.url)
    assert not [query for query in again.captured_queries if '"capture_lessoncause"' in query["sql"]]
    lesson.causes.add(LessonCause(cause="报价单没有分项", evidence="客户财务看不懂"))
    lesson.save_revision().publish()
    assert "报价单没有分项" in client.get(lesson.url).content.decode()


def test_a_lesson_preview_shows_its_unsaved_causes(client, lessons):
    from capture.models import LessonCause

    lesson = ExperienceLessonPage.objects.get(pk=lessons[0].pk)
    client.get(lesson.url)
    lesson.causes.add(LessonCause(cause="报价单没有分项", evidence="客户财务看不懂"))
    assert "报价单没有分项" in lesson.make_preview_request().content.decode()
    assert "报价单没有分项" not in client.get(lesson.url).content.decode()


def test_a_lesson_read_again_asks_nothing_of_its_facts_until_it_is_republished(client, lessons, learner):
    from core.models import Product

    client.force_login(learner)  # signed in: anonymous visits are answered from the page cache
    lesson = ExperienceLessonPage.objects.get(pk=lessons[0].pk)
    html = client.get(lesson.url).content.decode()
    assert "交通物流" in html and "客户流失" in html
    with CaptureQueriesContext(connection) as again:
        client.get(lesson.url)
    asked = " ".join(query["sql"] for query in again.captured_queries)
    assert '"core_industry"' not in asked and '"core_product"' not in asked and '"taggit_tag"' not in asked

    lesson.products.add(Product.objects.order_by("pk").first())
    lesson.save_revision().publish()
    assert Product.objects.order_by("pk").first().name in client.get(lesson.url).content.decode()
