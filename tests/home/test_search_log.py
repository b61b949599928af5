"""Editors see what people search for, which searches found nothing, and pin results."""

import pytest
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import ModelLogEntry, PageViewRestriction

from home.models import UnansweredSearch
from tests.conftest import EN

pytestmark = [pytest.mark.django_db, pytest.mark.search_index]


def test_each_new_search_is_counted_but_paging_is_not(client, learner, corpus):
    client.force_login(learner)
    client.get(reverse("search"), {"q": "客户"})
    client.get(reverse("search"), {"q": " 客户 "})
    client.get(reverse("search"), {"q": "客户", "page": "2"})
    client.get(reverse("search"), {"q": "客户", "type": "coursepage"})
    assert Query.get("客户").hits == 2


def test_searches_that_find_nothing_are_kept_until_content_answers_them(client, learner, corpus, sections):
    from tests.home.conftest import make_page

    client.force_login(learner)
    client.get(reverse("search"), {"q": "天翼云"})
    client.get(reverse("search"), {"q": "天翼云"})
    assert UnansweredSearch.objects.get(query__query_string="天翼云").misses == 2
    make_page(sections, "case", "天翼云上云迁移", "天翼云", "cloud")
    client.get(reverse("search"), {"q": "天翼云"})
    assert not UnansweredSearch.objects.filter(query__query_string="天翼云").exists()


def test_editors_read_the_search_report_with_unanswered_searches(client, learner, corpus, editor):
    client.force_login(learner)
    client.get(reverse("search"), {"q": "天翼云"})
    client.get(reverse("search"), {"q": "客户"})
    client.force_login(editor)
    html = client.get(reverse("search_terms_report"), **EN).content.decode()
    assert "天翼云" in html and "客户" in html
    unanswered = client.get(reverse("search_terms_report"), {"unanswered": "true"}, **EN).content.decode()
    assert "天翼云" in unanswered
    assert ">客户</a>" not in unanswered


def test_the_csv_export_keeps_formula_like_searches_as_text(client, learner, corpus, editor):
    client.force_login(learner)
    for query in ('=HYPERLINK("http://evil.example")', "+1+1", "@SUM(1)", "-2", "客户"):
        client.get(reverse("search"), {"q": query})
    client.force_login(editor)
    response = client.get(reverse("search_terms_report"), {"export": "csv"})
    cells = [row.split(",")[0] for row in b"".join(response.streaming_content).decode().splitlines()[1:]]
    assert "'+1+1" in cells and "'@sum(1)" in cells and "'-2" in cells and "客户" in cells
    assert any(cell.startswith("\"'=hyperlink") for cell in cells)
    assert not [cell for cell in cells if cell.lstrip('"').startswith(("=", "+", "-", "@"))]
    exported = ModelLogEntry.objects.get(action="core.export")
    assert exported.user == editor and exported.data == {"what": "大家在搜什么", "format": "csv"}


def test_anonymous_searches_are_answered_but_not_logged(client, corpus):
    # Anyone can send any number of made-up searches; only colleagues' searches are
    # worth an editor's attention, and only they add rows.
    for number in range(5):
        assert client.get(reverse("search"), {"q": f"随机{number}"}).status_code == 200
    assert not Query.objects.exists()


def test_learners_cannot_read_the_search_report(client, learner):
    client.force_login(learner)
    response = client.get(reverse("search_terms_report"))
    assert response.status_code in (302, 403)


def test_promoted_results_come_first_and_only_when_public(client, corpus, editor):
    query = Query.get("客户")
    SearchPromotion.objects.create(query=query, page=corpus["fiveg"], description="编辑推荐的入门课", sort_order=0)
    html = client.get(reverse("search"), {"q": "客户"}, **EN).content.decode()
    assert "Recommended by the editors" in html
    assert html.index("5G专网进工厂") < html.index("为什么<mark>客户</mark>无缘无故就丢了")
    corpus["fiveg"].unpublish()
    html = client.get(reverse("search"), {"q": "客户"}, **EN).content.decode()
    assert "Recommended by the editors" not in html


def test_editors_may_manage_promotions(client, editor):
    client.force_login(editor)
    assert client.get(reverse("wagtailsearchpromotions:index")).status_code == 200


def test_editors_see_why_each_result_ranks_where_it_does(client, corpus, editor, learner):
    client.force_login(learner)
    client.get(reverse("search"), {"q": "联络人"})
    client.force_login(editor)
    report = client.get(reverse("search_terms_report"), **EN).content.decode()
    assert reverse("search_explain") + "?q=%E8%81%94%E7%BB%9C%E4%BA%BA" in report
    html = client.get(reverse("search_explain"), {"q": "联络人"}, **EN).content.decode()
    # "contact" has the word in its title, "decider" only in its text.
    assert html.index("联络人换了怎么办") < html.index("谁是决策者")
    assert "“联络人” in the title or a tag +4" in html
    html = client.get(
        reverse("search_explain"), {"q": "联络人 5G专网", "page": corpus["fiveg"].pk}, **EN
    ).content.decode()
    assert "does not match: every word must be found" in html
    assert "<code>联络人</code>: not found" in html
    assert "<code>5g专网</code>: title or tag" in html


def test_learners_cannot_open_the_ranking_explanation(client, learner):
    client.force_login(learner)
    assert client.get(reverse("search_explain"), {"q": "客户"}).status_code in (302, 403)


def test_a_promotion_pinned_unpinned_or_made_private_shows_on_the_next_search(client, corpus):
    def promoted():
        html = client.get(reverse("search"), {"q": "客户"}, **EN).content.decode()
        return "Recommended by the editors" in html

    assert not promoted()
    promotion = SearchPromotion.objects.create(
        query=Query.get("客户"), page=corpus["fiveg"], description="编辑推荐", sort_order=0
    )
    assert promoted()
    restriction = PageViewRestriction.objects.create(page=corpus["fiveg"], restriction_type=PageViewRestriction.LOGIN)
    assert not promoted()
    restriction.delete()
    assert promoted()
    promotion.delete()
    assert not promoted()
