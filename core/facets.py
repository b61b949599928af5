"""Filtering a listing by GET parameters (the course library, the lesson library):
facets with known options, a sort order, and the query string that keeps them across
pages. A value we do not know (a typo, an old link, junk) is ignored, never an error."""

from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef
from taggit.models import Tag
from wagtail.models import Page

from core.related import related_generation


class FacetShown(NamedTuple):
    """A facet as its filter shows it: plain text, so that the drawn filter can be kept."""

    name: str
    label: str
    options: tuple  # ((value, label), ...)
    selected: str


@dataclass
class Facet:
    name: str
    label: str
    options: list  # [(value, label)]
    selected: str = ""

    def shown(self):
        options = tuple((str(value), str(label)) for value, label in self.options)
        return FacetShown(self.name, str(self.label), options, self.selected)


@dataclass
class Listing:
    """What a filterable listing's template needs besides its page of results."""

    page: object
    facets: list
    sort: str
    sorts: list  # [(value, label)]
    active_filters: list  # [(facet label, option label, facet name)]
    query_string: str


def apply_facets(queryset, facets, params, narrow):
    """The queryset narrowed by each facet whose GET value is one of its options;
    `narrow(queryset, name, value)` does the narrowing. Marks the facets selected."""
    for facet in facets:
        value = str(params.get(facet.name, ""))
        if value not in {option for option, _label in facet.options}:
            continue
        facet.selected = value
        queryset = narrow(queryset, facet.name, value)
    return queryset


def chosen_sort(params, sorts, default):
    value = params.get("sort")
    return value if value in sorts else default


def listing(*, page, facets, sort, sorts, default_sort):
    kept = {facet.name: facet.selected for facet in facets if facet.selected}
    if sort != default_sort:
        kept["sort"] = sort
    return Listing(
        page=page,
        facets=facets,
        sort=sort,
        sorts=sorts,
        active_filters=[
            (facet.label, dict(facet.options)[facet.selected], facet.name) for facet in facets if facet.selected
        ],
        query_string=urlencode(kept),
    )


# --- tag facets and totals that would read every row ---------------------------------

TAG_FACET_SIZE = 30
# Publishing or unpublishing clears these (each app's signals); the timeout only bounds
# how stale they get if something bypasses Wagtail's signals.
LISTING_CACHE_SECONDS = 600


def popular_tags(through, cache_key, size=TAG_FACET_SIZE):
    """[(slug, name)] of the tags most used on live pages through `through` (a
    TaggedItemBase), cached: counting them reads every tagging row, which a listing
    should not do on each visit."""
    tags = cache.get(cache_key)
    if tags is None:
        tags = list(
            through.objects.filter(content_object__live=True)
            .values("tag__slug", "tag__name")
            .annotate(uses=Count("pk"))
            .order_by("-uses", "tag__name")
            .values_list("tag__slug", "tag__name")[:size]
        )
        cache.set(cache_key, tags, LISTING_CACHE_SECONDS)
    return tags


def tag_facet_options(popular, selected_slug):
    """The facet's options: the popular tags, plus the selected one when a link from a
    page followed a tag outside them."""
    options = list(popular)
    if selected_slug and selected_slug not in {slug for slug, _name in options}:
        tag = Tag.objects.filter(slug=selected_slug).values_list("slug", "name").first()
        if tag is not None:
            options.append(tag)
    return options


# Fewer matches than this are sorted as they are; more are read from the page table's
# publication-date index, newest first, until a page is full.
SORT_MATCHES_BELOW = 2000
# Orders that follow votes and comments rather than publishing are re-read this often.
VOLATILE_SORT_SECONDS = 60


def page_of_ids(pages, *, sorts, sort, facets, cache_key, page_number, per_page, volatile_sorts=()):
    """One page of the ids of `pages` (live pages of one type, filtered by `facets`) in
    the order `sorts[sort]`, as a Django paginator page whose object_list is the ids.

    Counting the matches and sorting them read every matching row: 40 to 130 ms a visit
    in a library of 100,000 lessons. So the total and each page's ids are cached under
    the content generation (core.related), which any publish, unpublish, move or delete
    moves on; orders by votes or comments (`volatile_sorts`) are also re-read after
    VOLATILE_SORT_SECONDS.

    "Newest first" of many matches is asked of the page table, which holds the
    publication date and its index: ordering the type's own rows by it made SQLite sort
    every match even for twelve.
    """
    generation = related_generation()
    filters = ",".join(f"{facet.name}={facet.selected}" for facet in facets if facet.selected)
    key = f"{cache_key}:{generation}:{filters}"
    count = cache.get_or_set(f"{key}:count", pages.count, LISTING_CACHE_SECONDS)
    ordering = sorts[sort]
    if ordering[0] == "-first_published_at" and count >= SORT_MATCHES_BELOW:
        ordered = Page.objects.filter(Exists(pages.filter(pk=OuterRef("pk")))).order_by(*ordering)
    else:
        ordered = pages.order_by(*ordering)
    paginator = Paginator(ordered.values_list("pk", flat=True), per_page)
    paginator.count = count
    page = paginator.get_page(page_number)
    seconds = VOLATILE_SORT_SECONDS if sort in volatile_sorts else LISTING_CACHE_SECONDS
    page.object_list = cache.get_or_set(f"{key}:{sort}:{page.number}", lambda: list(page.object_list), seconds)
    return page
