from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from home.selectors import clean_search_query, search_live_pages

RESULTS_PER_PAGE = 10


def search(request):
    query = clean_search_query(request.GET.get("q"))
    results_page = None
    if query:
        paginator = Paginator(search_live_pages(query), RESULTS_PER_PAGE)
        # get_page() turns junk or out-of-range numbers into a real page, never a 404.
        results_page = paginator.get_page(request.GET.get("page"))
    context = {
        "search_query": query or "",
        "results_page": results_page,
        "breadcrumbs": [(_("Search"), None)],
    }
    return render(request, "home/search.html", context)
