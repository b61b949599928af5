"""Queries behind the home app's pages."""

from wagtail.models import Page

SEARCH_QUERY_MAX_LENGTH = 200


def clean_search_query(raw):
    """The query as we search for it: trimmed, bounded, None when there is nothing."""
    query = (raw or "").strip()[:SEARCH_QUERY_MAX_LENGTH]
    return query or None


def search_live_pages(query):
    """Published, public pages matching the query, best first. Results stay generic
    pages: the listing needs only title, URL and description, so no per-type queries."""
    return Page.objects.live().public().search(query)
