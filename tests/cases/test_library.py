"""The case exchange's listing: facets, sorting, junk parameters, a team's agenda, and
a query count that does not grow with the number of cases or comments."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import TeamMembership
from core.engagement import THREADS_PER_PAGE, add_comment, mark_helpful
from tests.cases.conftest import make_case
from tests.conftest import EN
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(case_index):
    return {
        "lost": make_case(
            case_index,
            "区政府专线被融合套餐撬走",
            industry="政府机关",
            sales_stage="after_sale",
            outcome="lost",
            tags=["客户流失", "融合套餐"],
            competencies=["competitive-strategy"],
            days_ago=3,
        ),
        "hospital": make_case(
            case_index,
            "三甲医院画出决策链拿下订单",
            industry="医疗卫生",
            sales_stage="pre_sale",
            outcome="won",
            tags=["决策链"],
            competencies=["needs-analysis"],
            days_ago=2,
        ),
        "retail": make_case(
            case_index,
            "连锁超市三年总成本赢回客户",
            industry="零售连锁",
            sales_stage="in_sale",
            outcome="won",
            tags=["价格战", "客户流失"],
            competencies=["negotiation"],
            days_ago=1,
        ),
    }


def titles(response):
    html = response.content.decode()
    found = [
        (html.index(f">{title}"), title) for title in ("区政府专线", "三甲医院", "连锁超市") if f">{title}" in html
    ]
    return [title for _position, title in sorted(found)]


def listed(client, case_index, **params):
    return titles(client.get(case_index.url, params))


def test_the_listing_shows_cards_newest_first(client, case_index, cases):
    html = client.get(case_index.url).content.decode()
    assert "3 个案例" in html
    assert listed(client, case_index) == ["连锁超市", "三甲医院", "区政府专线"]
    assert "某区政府机关" in html and "失败（丢单）" in html


def test_each_facet_narrows_the_listing(client, case_index, cases):
    from core.models import Industry

    government = Industry.objects.get(name="政府机关")
    tag = cases["lost"].tags.get(name="客户流失")
    assert listed(client, case_index, industry=government.pk) == ["区政府专线"]
    assert listed(client, case_index, stage="pre_sale") == ["三甲医院"]
    assert listed(client, case_index, competency="negotiation") == ["连锁超市"]
    assert listed(client, case_index, tag=tag.slug) == ["连锁超市", "区政府专线"]
    assert listed(client, case_index, outcome="won", tag=tag.slug) == ["连锁超市"]
    html = client.get(case_index.url, {"stage": "pre_sale"}).content.decode()
    assert "1 个案例 · 销售阶段：售前" in html


def test_junk_parameters_are_ignored_not_errors(client, case_index, cases):
    for params in (
        {"industry": "abc"},
        {"industry": "99999"},
        {"stage": "<script>"},
        {"competency": "'; drop table"},
        {"tag": "不存在的标签"},
        {"sort": "price"},
        {"page": "-1"},
        {"page": "x"},
        {"outcome": "maybe"},
    ):
        response = client.get(case_index.url, params)
        assert response.status_code == 200, params
        assert len(titles(response)) == 3, params
        # An unknown value is dropped, not echoed back into the page.
        assert "<script>" not in response.content.decode() and "drop table" not in response.content.decode()


def test_no_match_says_so_and_offers_everything(client, case_index, cases):
    html = client.get(case_index.url, {"stage": "pre_sale", "outcome": "lost"}).content.decode()
    assert "没有符合筛选条件的案例" in html and "显示全部案例" in html


def test_sorting_by_helpful_and_by_discussion(client, case_index, cases, learner):
    colleague = LearnerFactory()
    for person in (learner, colleague):
        mark_helpful(user=person, page=cases["lost"])
    mark_helpful(user=learner, page=cases["hospital"])
    for _number in range(3):
        add_comment(user=learner, page=cases["hospital"], body="讨论")
    assert listed(client, case_index, sort="helpful") == ["区政府专线", "三甲医院", "连锁超市"]
    assert listed(client, case_index, sort="discussed") == ["三甲医院", "连锁超市", "区政府专线"]


def test_unpublished_cases_are_not_listed(client, case_index, cases):
    cases["hospital"].unpublish()
    assert listed(client, case_index) == ["连锁超市", "区政府专线"]
    assert "2 个案例" in client.get(case_index.url).content.decode()


def test_the_listing_in_english(client, case_index, cases):
    html = client.get(case_index.url, **EN).content.decode()
    assert "3 cases" in html and "Most discussed" in html


def test_listing_and_case_page_queries_do_not_grow(client, case_index, learner, team, director):
    from django.utils import timezone

    from cases.services import schedule_discussion

    def add_cases(start, stop):
        for number in range(start, stop):
            case = make_case(
                case_index,
                f"案例{number}",
                tags=[f"标签{number}", "共同"],
                competencies=["needs-analysis"],
                industry="金融",
            )
            mark_helpful(user=learner, page=case)
            comment = add_comment(user=learner, page=case, body="评论")
            add_comment(user=director, page=case, body="回复", parent=comment)
            schedule_discussion(director=director, case=case, team=team, discuss_on=timezone.localdate())

    def counts():
        client.force_login(learner)
        case = case_index.get_children().live().specific().first()
        # Measured with nothing cached but what any visit fills, so related content
        # and its queries are counted too.
        cache.clear()
        client.get(case_index.url)  # warm the caches any visit fills
        with CaptureQueriesContext(connection) as listing_queries:
            client.get(case_index.url, {"sort": "helpful"})
        with CaptureQueriesContext(connection) as case_queries:
            client.get(case.url)
        return len(listing_queries), len(case_queries)

    def discuss(case, comments):
        for number in range(comments):
            add_comment(user=LearnerFactory(), page=case, body=f"更多评论{number}")

    add_cases(0, 6)
    # Past one page of threads from the start: a shorter discussion is read in one query.
    discuss(case_index.get_children().live().specific().first(), THREADS_PER_PAGE)
    small = counts()
    add_cases(6, 20)
    discuss(case_index.get_children().live().specific().first(), 40)
    assert counts() == small


def test_team_members_see_their_agenda_at_the_top(client, case_index, cases, learner, team, director):
    from django.utils import timezone

    from cases.services import schedule_discussion

    schedule_discussion(
        director=director, case=cases["hospital"], team=team, discuss_on=timezone.localdate(), note="画出决策链"
    )
    client.force_login(learner)

    def read_agenda():
        client.get(case_index.url)
        with CaptureQueriesContext(connection) as read:
            html = client.get(case_index.url).content.decode()
        return html, len(read)

    html, one_topic = read_agenda()
    assert "团队讨论议题" in html and "画出决策链" in html
    hospital = cases["hospital"]
    assert f'<a href="{hospital.url}#team-discussion">{hospital.title}</a>' in html
    # The day, note, team and each case's title and address come in the agenda's query.
    for case in cases.values():
        if case != hospital:
            schedule_discussion(director=director, case=case, team=team, discuss_on=timezone.localdate())
    html, several = read_agenda()
    assert several == one_topic and all(case.title in html for case in cases.values())
    outsider = LearnerFactory()
    client.force_login(outsider)
    assert "团队讨论议题" not in client.get(case_index.url).content.decode()
    TeamMembership.objects.create(team=team, user=outsider)
    assert "团队讨论议题" in client.get(case_index.url).content.decode()


def test_cards_are_kept_until_the_next_publish_and_votes_show_at_once(client, case_index, cases, learner):
    client.force_login(learner)
    client.get(case_index.url)
    with CaptureQueriesContext(connection) as again:
        html = client.get(case_index.url).content.decode()
    assert not [query for query in again.captured_queries if "taggit_tag" in query["sql"]]
    assert "0 人觉得有用" in html

    mark_helpful(user=LearnerFactory(), page=cases["hospital"])
    assert "1 人觉得有用" in client.get(case_index.url).content.decode()

    case = cases["hospital"]
    case.tags.add("医联体")
    case.save_revision().publish()
    assert '<li class="tag">医联体</li>' in client.get(case_index.url).content.decode()


@pytest.mark.parametrize("library_page", ["lesson_library", "case_index"])
def test_the_competency_filter_names_each_competency_in_the_readers_language(
    client, learner, taxonomy, library_page, request
):
    from tests.conftest import EN

    url = request.getfixturevalue(library_page).url
    client.force_login(learner)

    def competency_filter(**headers):
        html = client.get(url, **headers).content.decode()
        return html[
            html.index('id="filter-competency"') : html.index("</select>", html.index('id="filter-competency"'))
        ]

    assert ">Needs analysis</option>" in competency_filter(**EN)
    assert "需求理解与分析" not in competency_filter(**EN)
    assert ">需求理解与分析</option>" in competency_filter()


def test_an_industry_an_editor_adds_or_renames_shows_in_the_filter_on_the_next_visit(client, case_index):
    from core.models import Industry

    def industry_filter():
        html = client.get(case_index.url).content.decode()
        return html[html.index('id="filter-industry"') : html.index("</select>", html.index('id="filter-industry"'))]

    assert "低空经济" not in industry_filter()
    added = Industry.objects.create(name="低空经济", sort_order=99)
    assert f'<option value="{added.pk}">低空经济</option>' in industry_filter()
    added.name = "低空经济与无人机"
    added.save()
    assert "低空经济与无人机" in industry_filter()


@pytest.mark.parametrize("library_page", ["lesson_library", "case_index"])
def test_the_filter_form_shows_each_visits_own_choices_and_sort(client, learner, taxonomy, library_page, request):
    from tests.conftest import EN

    url = request.getfixturevalue(library_page).url
    client.force_login(learner)

    def filters(params=None, **headers):
        html = client.get(url, params or {}, **headers).content.decode()
        start = html.index('<details class="filters-toggle"')
        return html[start : html.index("</details>", start)]

    chosen = filters({"stage": "after_sale", "sort": "helpful"})
    assert '<option value="after_sale" selected>' in chosen and "筛选与排序 (1)" in chosen
    assert '<option value="helpful" selected>' in chosen and "清除筛选" in chosen
    plain = filters()
    assert '<option value="after_sale" selected>' not in plain and '<option value="newest" selected>' in plain
    assert "(1)" not in plain and "清除筛选" not in plain
    english = filters({"stage": "after_sale"}, **EN)
    assert '<option value="after_sale" selected>After-sale</option>' in english and "Clear filters" in english
