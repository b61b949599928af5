"""Filtering a listing by GET parameters (the course library, the lesson library):
facets with known options, a sort order, and the query string that keeps them across
pages. A value we do not know (a typo, an old link, junk) is ignored, never an error."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count
from taggit.models import Tag


@dataclass
class Facet:
    name: str
    label: str
    options: list  # [(value, label)]
    selected: str = ""


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


def count_unless_filtered(paginator, facets, cache_key, count):
    """Most visits show the unfiltered total, and counting every live page reads the
    whole page table, so that total is cached until a page is (un)published."""
    if not any(facet.selected for facet in facets):
        paginator.count = cache.get_or_set(cache_key, count, LISTING_CACHE_SECONDS)
