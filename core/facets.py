"""Filtering a listing by GET parameters (the course library, the lesson library):
facets with known options, a sort order, and the query string that keeps them across
pages. A value we do not know (a typo, an old link, junk) is ignored, never an error."""

from dataclasses import dataclass
from urllib.parse import urlencode


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
