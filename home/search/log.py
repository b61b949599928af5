"""What people search for: Wagtail's query log, the searches that found nothing, and
the results editors pin to a search."""

import hashlib

from django.core.cache import cache
from django.db.models import Q
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from core.generations import Generation
from core.related import related_generation
from core.tree import public_pages
from home.models import UnansweredSearch

# Promotions are asked for on every first page of results, and change when an editor
# pins or unpins one; publishing or restricting a page moves the content generation on.
promotions_generation = Generation("search-promotions-generation")
PROMOTIONS_CACHE_SECONDS = 10 * 60


def log_search(query, *, found):
    """Count the search in Wagtail's query log (admin → 报表 → 搜索词, and the promoted
    results editors attach to it); a search that found nothing is also kept apart
    until content answers it."""
    logged = Query.get(query)
    logged.add_hit()
    if found:
        UnansweredSearch.objects.filter(query=logged).delete()
    else:
        UnansweredSearch.record_miss(logged)


def promotions_for(query):
    """Results editors pinned to this search (Wagtail's promoted search results): live,
    public pages and external links."""
    normalised = normalise_query_string(query)
    digest = hashlib.md5(normalised.encode(), usedforsecurity=False).hexdigest()
    key = f"search:promotions:{promotions_generation.current()}:{related_generation()}:{digest}"
    promotions = cache.get(key)
    if promotions is None:
        promotions = list(
            SearchPromotion.objects.filter(query__query_string=normalised)
            .filter(Q(page__isnull=True) | Q(page__in=public_pages(Page.objects.live())))
            .select_related("page")
            .order_by("sort_order")
        )
        cache.set(key, promotions, PROMOTIONS_CACHE_SECONDS)
    return promotions


def follow_promotion_changes():
    # Not Query: every new search creates one. Deleting one deletes its promotions,
    # which signal each.
    promotions_generation.follow(SearchPromotion)
