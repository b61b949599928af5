"""What people search for: Wagtail's query log, the searches that found nothing, and
the results editors pin to a search."""

from django.db.models import Q
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from core.tree import public_pages
from home.models import UnansweredSearch


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
    return list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query))
        .filter(Q(page__isnull=True) | Q(page__in=public_pages(Page.objects.live())))
        .select_related("page")
        .order_by("sort_order")
    )
