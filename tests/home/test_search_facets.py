"""Search over pages each test publishes for itself: the facets, paging, and a query
count that stays flat as matches grow. The tests over the fixed corpus, which they
share, are in test_search.py."""

import pytest
from django.urls import reverse

from tests.conftest import EN
from tests.home.conftest import make_page, search_page

pytestmark = [pytest.mark.django_db, pytest.mark.search_index]


def test_competency_stage_industry_and_tag_facets(client, sections, taxonomy):
    from competencies.models import Competency
    from core.models import Industry

    case = make_page(sections, "case", "医院专线续约", "医院信息科的专线续约谈判", "hospital")
    case.competencies = [Competency.objects.get(code="competitive-strategy")]
    case.industry = Industry.objects.first()
    case.sales_stage = "after_sale"
    case.tags.add("续约")
    case.save_revision().publish()
    make_page(sections, "case", "学校专线", "学校的专线", "school")

    outcome = search_page(client, "专线").context["outcome"]
    facets = {facet.name: {option.label: option.count for option in facet.options} for facet in outcome.facets}
    # In the reader's language (the search page helper reads in English), as the stage is.
    assert facets["competency"] == {"Competitive strategy": 1}
    assert facets["stage"] == {"After-sale": 1}
    assert facets["industry"] == {Industry.objects.first().name: 1}
    assert facets["tag"] == {"续约": 1}
    assert outcome.total == 2

    tag_url = next(facet for facet in outcome.facets if facet.name == "tag").options[0].url
    narrowed = client.get(reverse("search") + tag_url, **EN).context["outcome"]
    assert [result.page.title for result in narrowed.results] == ["医院专线续约"]


def test_results_are_paged_and_keep_the_filters(client, sections):
    for number in range(12):
        make_page(sections, "case", f"专线案例{number}", "专线", f"case-{number}")
    first = search_page(client, "专线", type="casestudypage")
    assert len(first.context["outcome"].results) == 10
    html = first.content.decode()
    assert "Page 1 of 2" in html
    assert "q=%E4%B8%93%E7%BA%BF&amp;type=casestudypage&amp;page=2" in html
    second = search_page(client, "专线", type="casestudypage", page=2)
    assert len(second.context["outcome"].results) == 2


def test_search_query_count_does_not_grow_with_content(client, sections, django_assert_max_num_queries):
    for number in range(3):
        make_page(sections, "case", f"专线案例{number}", "专线", f"few-{number}")
    with django_assert_max_num_queries(40) as few:
        search_page(client, "专线")
    for number in range(3, 25):
        make_page(sections, "case", f"专线案例{number}", "专线", f"many-{number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        search_page(client, "专线")


def facet_counts(client, query, name, **params):
    outcome = search_page(client, query, **params).context["outcome"]
    facet = next((facet for facet in outcome.facets if facet.name == name), None)
    return {option.label: option.count for option in facet.options} if facet else {}


def tagged_case(sections, tag, title="医院专线续约", slug="renewal"):
    case = make_page(sections, "case", title, "医院信息科的专线续约谈判", slug)
    case.tags.add(tag)
    case.save_revision().publish()
    return case


def test_a_renamed_tag_keeps_its_pages_under_its_new_name_and_slug(client, sections):
    from taggit.models import Tag

    tagged_case(sections, "续约")
    tag = Tag.objects.get(name="续约")
    tag.name, tag.slug = "合同续约", "contract-renewal"
    tag.save()

    assert facet_counts(client, "专线", "tag") == {"合同续约": 1}
    narrowed = search_page(client, "专线", tag="contract-renewal").context["outcome"]
    assert [result.page.title for result in narrowed.results] == ["医院专线续约"]
    assert search_page(client, "专线", tag="续约").context["outcome"].total == 0


def test_a_tag_taken_off_a_page_leaves_the_facet_once_the_page_is_published_again(client, sections):
    case = tagged_case(sections, "续约")
    assert facet_counts(client, "专线", "tag") == {"续约": 1}
    case.tags.clear()
    case.tags.add("招投标")
    case.save_revision().publish()
    assert facet_counts(client, "专线", "tag") == {"招投标": 1}
    assert search_page(client, "专线", tag="续约").context["outcome"].total == 0


def test_facets_are_rebuilt_with_the_search_index(client, sections, taxonomy):
    from io import StringIO

    from django.core.cache import cache
    from django.core.management import call_command

    from competencies.models import Competency
    from home.models import SearchFacetValue

    case = tagged_case(sections, "续约")
    case.competencies = [Competency.objects.get(code="competitive-strategy")]
    case.save_revision().publish()
    SearchFacetValue.objects.all().delete()
    cache.clear()
    assert facet_counts(client, "专线", "tag") == {}

    call_command("update_index", stdout=StringIO(), verbosity=0)
    assert facet_counts(client, "专线", "tag") == {"续约": 1}
    assert facet_counts(client, "专线", "competency") == {"Competitive strategy": 1}
    assert facet_counts(client, "专线", "type") == {"Cases": 1}


def test_a_site_indexed_before_facets_were_kept_gets_them_at_its_next_migrate(client, sections):
    from django.core.cache import cache
    from django.core.management import call_command

    from home.models import SearchFacetValue

    tagged_case(sections, "续约")
    SearchFacetValue.objects.all().delete()
    call_command("migrate", verbosity=0)
    cache.clear()
    assert facet_counts(client, "专线", "tag") == {"续约": 1}
    assert facet_counts(client, "专线", "type") == {"Cases": 1}
