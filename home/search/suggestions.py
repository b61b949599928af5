"""Completions for the header search box: titles and tags matching what has been typed."""

import hashlib
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from core.facets import LISTING_CACHE_SECONDS
from core.related import related_generation
from core.search.query import parse_query
from core.search.segmentation import normalise
from home.search.content import TYPE_LABELS, searchable_pages

SUGGESTIONS = 6


def suggestions(query):
    """Titles and tags that complete what has been typed so far, for the header box.
    The same for everyone (public pages only), so cached until content changes."""
    parsed = parse_query(query)
    typed = hashlib.md5(normalise(query).encode(), usedforsecurity=False).hexdigest()
    key = f"search:suggest:{related_generation()}:{get_language()}:{typed}"
    found = cache.get(key)
    if found is None:
        found = []
        if parsed.words:
            pages = searchable_pages().autocomplete(query)[:SUGGESTIONS].get_queryset()
            for page in pages.specific():
                found.append({"label": page.title, "url": page.url, "kind": str(TYPE_LABELS.get(type(page), ""))})
            needle = normalise(query)
            tags = Tag.objects.filter(name__icontains=needle).filter(
                Q(capture_experiencelessontag_items__content_object__live=True)
                | Q(cases_casestudytag_items__content_object__live=True)
                | Q(learning_coursetag_items__content_object__live=True)
            )
            for name in tags.values_list("name", flat=True).distinct()[:3]:
                found.append({"label": name, "url": "/search/?" + urlencode({"q": name}), "kind": str(_("Tag"))})
        cache.set(key, found, LISTING_CACHE_SECONDS)
    return found
