"""Completions for the header search box: titles and tags matching what has been typed."""

import hashlib
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from capture.models import ExperienceLessonTag
from cases.models import CaseStudyTag
from core.facets import LISTING_CACHE_SECONDS
from core.related import related_generation
from core.search.backends import ranked_page_ids
from core.search.query import parse_query
from core.search.segmentation import normalise
from home.search.content import TYPE_LABELS, searchable_pages
from learning.models import CourseTag

SUGGESTIONS = 6
TAG_SUGGESTIONS = 3


def suggestions_cache_key(query):
    typed = hashlib.md5(normalise(query).encode(), usedforsecurity=False).hexdigest()
    return f"search:suggest:{related_generation()}:{get_language()}:{typed}"


def suggestions(query):
    """Titles and tags that complete what has been typed so far, for the header box.
    The same for everyone (public pages only), so cached until content changes."""
    key = suggestions_cache_key(query)
    found = cache.get(key)
    if found is None:
        parsed = parse_query(query)
        found = []
        if parsed.words:
            ranked = ranked_page_ids(query, models=TYPE_LABELS, limit=SUGGESTIONS * 3, autocomplete=True)
            pages = searchable_pages().filter(pk__in=ranked).specific().in_bulk()
            for page in [pages[pk] for pk in ranked if pk in pages][:SUGGESTIONS]:
                found.append({"label": page.title, "url": page.url, "kind": str(TYPE_LABELS.get(type(page), ""))})
            in_use = [
                Exists(tagged.objects.filter(tag=OuterRef("pk"), content_object__live=True))
                for tagged in (ExperienceLessonTag, CaseStudyTag, CourseTag)
            ]
            tags = Tag.objects.filter(in_use[0] | in_use[1] | in_use[2], name__icontains=normalise(query))
            for name in tags.order_by("name").values_list("name", flat=True)[:TAG_SUGGESTIONS]:
                found.append({"label": name, "url": "/search/?" + urlencode({"q": name}), "kind": str(_("Tag"))})
        cache.set(key, found, LISTING_CACHE_SECONDS)
    return found
