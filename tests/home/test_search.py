import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from tests.conftest import EN, ZH
from tests.home.conftest import fresh_pages, make_page, search_page
from tests.home.search_corpus import BAD_INPUT

pytestmark = [pytest.mark.django_db, pytest.mark.search_index]


@pytest.fixture
def sections(db, shared_corpus):
    return fresh_pages(shared_corpus[0])


@pytest.fixture
def corpus(db, shared_corpus):
    return fresh_pages(shared_corpus[1])


def result_titles(response):
    return [result.page.title for result in response.context["outcome"].results]


def test_empty_search_invites_a_query(client, home_page):
    html = client.get(reverse("search")).content.decode()
    assert "你想找什么？" in html
    assert "找到" not in html


def test_a_chinese_word_finds_a_title_that_contains_it(client, corpus):
    html = search_page(client, "客户").content.decode()
    assert "4 results for “客户”" in html
    assert "为什么<mark>客户</mark>无缘无故就丢了" in html


def test_results_show_their_type_and_an_excerpt_around_the_match(client, corpus):
    html = search_page(client, "三甲医院").content.decode()
    assert "Cases" in html
    assert "某市<mark>三甲</mark><mark>医院</mark>的信息科长" in html or "某市<mark>三甲医院</mark>的信息科长" in html


def test_every_kind_of_content_is_searched(client, corpus):
    response = search_page(client, "FMC 融合")
    assert result_titles(response) == ["FMC融合业务测验"]
    types = {
        option.label
        for facet in response.context["outcome"].facets
        for option in facet.options
        if facet.name == "type"
    }
    assert types == {"Quizzes"}


def test_type_facet_counts_and_narrows(client, corpus):
    outcome = search_page(client, "客户").context["outcome"]
    type_facet = next(facet for facet in outcome.facets if facet.name == "type")
    assert {(option.label, option.count) for option in type_facet.options} == {("Field lessons", 3), ("Courses", 1)}
    narrowed = search_page(client, "客户", type="courselessonpage").context["outcome"]
    assert narrowed.total == 0
    narrowed = search_page(client, "客户", type="coursepage").context["outcome"]
    assert [result.page.title for result in narrowed.results] == ["集客营销基础"]
    chosen = next(facet for facet in narrowed.facets if facet.name == "type").selected
    assert chosen.label == "Courses" and "type=" not in chosen.url


def test_unpublished_and_private_pages_never_appear(client, corpus, sections):
    corpus["churn"].unpublish()
    PageViewRestriction.objects.create(page=corpus["signals"], restriction_type=PageViewRestriction.LOGIN)
    draft = make_page(sections, "lesson", "客户草稿", "客户", "draft")
    draft.unpublish()
    titles = result_titles(search_page(client, "客户"))
    assert titles and "为什么客户无缘无故就丢了" not in titles
    assert "察觉流失的早期信号" not in titles and "客户草稿" not in titles
    suggestions = client.get(reverse("search_suggestions"), {"q": "客户"}).json()["suggestions"]
    assert "客户草稿" not in {suggestion["label"] for suggestion in suggestions}


def test_nothing_found_offers_a_spelling_and_each_word_alone(client, corpus):
    html = search_page(client, "客护").content.decode()
    assert "Nothing matches “客护” yet." in html
    assert 'Did you mean <a href="?q=%E5%AE%A2%E6%88%B7">客户</a>?' in html
    chinese = client.get(reverse("search"), {"q": "客护"}, **ZH).content.decode()
    assert '你是不是要找 <a href="?q=%E5%AE%A2%E6%88%B7">客户</a>？' in chinese

    outcome = search_page(client, "智慧校园 高层拜访").context["outcome"]
    assert outcome.total == 0
    assert outcome.related_searches == [("智慧校园", 1, False), ("高层拜访", 1, False)]


def test_a_slip_in_one_word_of_several_is_corrected_without_dropping_the_others(client, corpus):
    outcome = search_page(client, "客护 联络人").context["outcome"]
    assert outcome.total == 0
    assert outcome.did_you_mean == "客户 联络人"
    assert [result.page.title for result in search_page(client, "客户 联络人").context["outcome"].results] == [
        "联络人换了怎么办"
    ]


def test_publishing_keeps_the_spelling_vocabulary_until_it_expires(
    client, corpus, sections, django_assert_num_queries
):
    """Each publish used to throw the vocabulary away, and the next search that found
    nothing segmented 2,000 titles again; a new title now joins when it expires."""
    from django.core.cache import cache

    from home.search.spelling import VOCABULARY_CACHE_KEY, vocabulary

    assert "楼宇" not in vocabulary()
    make_page(sections, "lesson", "智能楼宇的拜访", "拜访物业。", "smart-building")
    with django_assert_num_queries(0):
        assert "楼宇" not in vocabulary()
    cache.delete(VOCABULARY_CACHE_KEY)
    assert "楼宇" in vocabulary()


def test_a_rebuilt_vocabulary_segments_only_titles_it_has_not_seen(corpus, sections, monkeypatch):
    from django.core.cache import cache

    from home.search import spelling

    spelling.vocabulary()
    segmented = []
    cut = spelling.query_words
    monkeypatch.setattr(spelling, "query_words", lambda title: segmented.append(title) or cut(title))
    make_page(sections, "lesson", "写字楼宇的物业拜访", "拜访物业。", "office-building")
    cache.delete(spelling.VOCABULARY_CACHE_KEY)
    assert "写字楼" in spelling.vocabulary()
    assert segmented == ["写字楼宇的物业拜访"]


def test_a_term_an_editor_adds_recuts_the_titles_in_the_vocabulary(corpus, sections):
    from django.core.cache import cache

    from core.models import SearchTerm
    from home.search.spelling import VOCABULARY_CACHE_KEY, vocabulary

    make_page(sections, "lesson", "智能楼宇的拜访", "拜访物业。", "smart-building")
    assert "楼宇" in vocabulary()
    SearchTerm.objects.create(term="智能楼宇")
    cache.delete(VOCABULARY_CACHE_KEY)
    assert "楼宇" not in vocabulary()


def test_each_word_alone_counts_only_pages_a_visitor_can_open(client, corpus, sections):
    draft = make_page(sections, "lesson", "智慧校园的草稿", "智慧校园。", "campus-draft")
    draft.unpublish()
    private = make_page(sections, "case", "智慧校园内部复盘", "智慧校园。", "campus-private")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    outcome = search_page(client, "智慧校园 高层拜访").context["outcome"]
    assert outcome.related_searches == [("智慧校园", 1, False), ("高层拜访", 1, False)]


def test_a_query_of_only_symbols_explains_itself(client, corpus):
    html = search_page(client, "？？？ 😀").content.decode()
    assert "has no words to look for" in html


@pytest.mark.parametrize("query", BAD_INPUT, ids=range(len(BAD_INPUT)))
def test_bad_input_gets_a_normal_page(client, corpus, query):
    search_page(client, query)
    response = client.get(reverse("search_suggestions"), {"q": query})
    assert response.status_code == 200
    assert isinstance(response.json()["suggestions"], list)


def test_junk_parameters_are_ignored_or_match_nothing(client, corpus):
    for params in ({"page": "abc"}, {"page": "-1"}, {"page": "99999"}, {"type": "nonsense"}, {"tag": "x" * 500}):
        response = search_page(client, "客户", **params)
        assert "nonsense" not in response.content.decode().split("<main", 1)[1].split("search-page-q", 1)[1]


@pytest.mark.parametrize("value", ["abc", "1.5", "9" * 30, "-1", "١٢", "1 OR 1=1"])
@pytest.mark.parametrize("facet", ["competency", "industry"])
def test_an_id_facet_that_is_not_an_id_matches_nothing(client, corpus, facet, value):
    html = search_page(client, "客户", **{facet: value}).content.decode()
    assert "为什么客户无缘无故就丢了" not in html


def test_search_escapes_the_query(client, corpus):
    html = search_page(client, "<script>alert(1)</script> 客户").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html


def test_long_input_is_cut_and_kept_in_the_box(client, corpus):
    response = search_page(client, "客户" * 5000)
    assert response.context["search_query"] == ("客户" * 50)


def test_autocomplete_offers_titles_and_tags_as_you_type(client, corpus, sections):
    case = make_page(sections, "case", "专线续约", "续约", "renewal")
    case.tags.add("客户保有")
    case.save_revision().publish()
    data = client.get(reverse("search_suggestions"), {"q": "客"}, **EN).json()
    labels = [suggestion["label"] for suggestion in data["suggestions"]]
    assert "为什么客户无缘无故就丢了" in labels
    assert "客户保有" in labels
    churn = next(suggestion for suggestion in data["suggestions"] if suggestion["label"] == "为什么客户无缘无故就丢了")
    assert churn["url"] == corpus["churn"].url and churn["kind"] == "Field lessons"


def test_autocomplete_answers_from_cache_without_queries(client, corpus, django_assert_max_num_queries):
    client.get(reverse("search_suggestions"), {"q": "客户"})
    with django_assert_max_num_queries(0):
        client.get(reverse("search_suggestions"), {"q": "客户"})


def test_a_repeated_search_reads_no_page_and_an_edit_shows_at_once(client, corpus, django_assert_max_num_queries):
    """The shown results are kept with the ranking: a second search for the same words
    loads no page, and a republished title is what the next search shows."""
    search_page(client, "客户")
    with django_assert_max_num_queries(4) as captured:
        html = search_page(client, "客户").content.decode()
    assert not [query for query in captured.captured_queries if '"wagtailcore_page"' in query["sql"]]
    assert "为什么<mark>客户</mark>无缘无故就丢了" in html
    lost = next(page for page in corpus.values() if page.title == "为什么客户无缘无故就丢了")
    lost.title = "为什么老客户无缘无故就丢了"
    lost.save_revision().publish()
    html = search_page(client, "客户").content.decode()
    assert "为什么老<mark>客户</mark>无缘无故就丢了" in html
    assert f'href="{lost.url}"' in html
