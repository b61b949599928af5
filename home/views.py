from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.search.query import clean_query
from home.search.facets import FACET_LABELS
from home.search.log import log_search, promotions_for
from home.search.results import search
from home.search.suggestions import suggestions


@require_GET
def search_page(request):
    query = clean_query(request.GET.get("q"))
    outcome = None
    if query:
        outcome = search(query=query, params=request.GET)
        starting = "page" not in request.GET and not any(name in request.GET for name in FACET_LABELS)
        if starting:
            # Paging and narrowing are the same search; only its first sight is counted.
            log_search(query, found=bool(outcome.total))
        if outcome.results_page.number == 1:
            outcome.promotions = promotions_for(query)
    context = {
        "search_query": query or "",
        "outcome": outcome,
        "breadcrumbs": [(_("Search"), None)],
    }
    return render(request, "home/search.html", context)


@require_GET
def search_suggestions(request):
    """Completions for the header search box, as JSON."""
    query = clean_query(request.GET.get("q"))
    return JsonResponse({"query": query or "", "suggestions": suggestions(query) if query else []})
