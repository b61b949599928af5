"""A results page: the matches for a query, narrowed by the chosen facets, one page
of them described with the query's words marked."""

import hashlib
import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.translation import get_language
from modelsearch.index import SearchField
from wagtail.models import Page

from core.id_lists import id_list
from core.models import PageStewardship
from core.related import related_generation
from core.search.backends import index_version
from core.search.highlight import excerpt, highlight
from core.search.query import parse_query
from core.search.segmentation import dictionary_version
from home.search.content import MAX_RESULTS, TYPE_LABELS, matching_ids
from home.search.facets import apply_filters, build_facets, chosen_filters
from home.search.spelling import did_you_mean, related_searches

RESULTS_PER_PAGE = 10
RESULTS_CACHE_SECONDS = 120


@dataclass(frozen=True)
class ShownPage:
    """What a result shows of its page: kept in the cache instead of the page, whose
    body can be large."""

    pk: int
    title: str
    url: str


@dataclass
class Result:
    page: ShownPage
    type_label: str
    title: str
    excerpt: str
    obsolete: bool = False


@dataclass
class SearchOutcome:
    """Everything the search page shows."""

    query: str
    words: list
    results_page: object = None
    results: list = field(default_factory=list)
    facets: list = field(default_factory=list)
    promotions: list = field(default_factory=list)
    did_you_mean: str = ""
    related_searches: list = field(default_factory=list)
    filter_query_string: str = ""
    chosen: dict = field(default_factory=dict)
    # True when more than MAX_RESULTS pages matched and only the best are listed.
    capped: bool = False

    @property
    def total(self):
        return self.results_page.paginator.count if self.results_page else 0

    @property
    def more_than_shown(self):
        return self.capped and self.total == MAX_RESULTS


def searchable_text(page):
    """The page's indexed text besides its title, as people read it, for excerpts."""
    texts = []
    for search_field in page.get_search_fields():
        if isinstance(search_field, SearchField) and search_field.field_name != "title":
            value = search_field.get_value(page)
            if isinstance(value, (list, tuple)):
                texts.extend(str(item) for item in value if isinstance(item, str))
            elif isinstance(value, str):
                texts.append(value)
    return " ".join(text for text in texts if text)


def describe(pages, words):
    """Results for one page of the listing: each page as its own type, titled and
    excerpted with the query's words marked."""
    obsolete = set(
        PageStewardship.objects.filter(page__in=[page.pk for page in pages], obsolete_at__isnull=False).values_list(
            "page_id", flat=True
        )
    )
    results = []
    for page in pages:
        results.append(
            Result(
                # Without a request: a relative address on a one-site install, a full one
                # when there are several, so it is right whichever site shows it.
                page=ShownPage(page.pk, page.title, page.get_url()),
                type_label=TYPE_LABELS.get(type(page), ""),
                title=highlight(page.title, words),
                excerpt=excerpt(page.search_description or searchable_text(page), words),
                obsolete=page.pk in obsolete,
            )
        )
    return results


def results_cache_key(query, chosen):
    asked = json.dumps([query, sorted(chosen.items())], ensure_ascii=False)
    digest = hashlib.md5(asked.encode(), usedforsecurity=False).hexdigest()
    versions = f"{related_generation()}:{index_version()}:{dictionary_version()}"
    return f"search:results:{versions}:{get_language()}:{digest}"


def ranked_and_faceted(query, parsed, chosen, *, key):
    """(the matching page ids best first, whether they were capped, the facets): the
    same for everyone, since only public pages are searched, so kept under `key`
    (`results_cache_key`) until content, the index, the dictionary or the synonyms
    change, or for RESULTS_CACHE_SECONDS: a helpful vote reorders equal matches without
    touching the content. The ranking and the facet counts are most of a search's time;
    a repeated search skips both."""
    found = cache.get(key)
    if found is None:
        ranked = matching_ids(parsed)
        capped = len(ranked) == MAX_RESULTS
        if chosen:
            narrowed = set(
                apply_filters(Page.objects.filter(pk__in=id_list(ranked)), chosen).values_list("pk", flat=True)
            )
            ranked = [pk for pk in ranked if pk in narrowed]
        found = (ranked, capped, build_facets(ranked, query, chosen))
        cache.set(key, found, RESULTS_CACHE_SECONDS)
    return found


def described_page(results_page, words, *, key):
    """One page of results described: loading each page whole and cutting its excerpt
    is most of a repeated search's time, so the descriptions are kept beside the
    ranking, under the same key and for as long. The key names the pages shown: the
    ranking may be worked out again (a helpful vote) while a description is kept."""
    ids = ",".join(str(pk) for pk in results_page.object_list)
    key = f"{key}:described:{hashlib.md5(ids.encode(), usedforsecurity=False).hexdigest()}"
    results = cache.get(key)
    if results is None:
        shown = Page.objects.filter(pk__in=results_page.object_list).specific().in_bulk()
        results = describe([shown[pk] for pk in results_page.object_list if pk in shown], words)
        cache.set(key, results, RESULTS_CACHE_SECONDS)
    return results


def search(*, query, params):
    """Search for `query` (already cleaned) with the facet choices and page number in
    `params`."""
    parsed = parse_query(query)
    outcome = SearchOutcome(query=query, words=parsed.words)
    if parsed.backend_query is None:
        outcome.results_page = Paginator([], RESULTS_PER_PAGE).get_page(1)
        outcome.did_you_mean = did_you_mean(query, parsed)
        return outcome
    chosen = outcome.chosen = chosen_filters(params)
    key = results_cache_key(query, chosen)
    ranked, outcome.capped, outcome.facets = ranked_and_faceted(query, parsed, chosen, key=key)
    outcome.results_page = Paginator(ranked, RESULTS_PER_PAGE).get_page(params.get("page"))
    outcome.results = described_page(outcome.results_page, parsed.highlight_words, key=key)
    outcome.filter_query_string = urlencode({"q": query, **chosen})
    if not outcome.total and not chosen:
        outcome.did_you_mean = did_you_mean(query, parsed)
        outcome.related_searches = related_searches(parsed)
    return outcome
