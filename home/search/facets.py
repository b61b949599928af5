"""Narrowing results by type, competency, sales stage, industry and tag, and counting
how many results each choice would leave."""

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import CharField, Count, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from competencies.profiles import competency_model
from core.id_lists import id_list
from core.taxonomy import SalesStage, industry_choices
from core.text import is_id
from home.models import SearchFacetValue
from home.search.content import TYPE_LABELS

TAG_OPTIONS = 12


FACET_LABELS = {
    "type": _("Type"),
    "competency": _("Competency"),
    "stage": _("Sales stage"),
    "industry": _("Industry"),
    "tag": _("Tag"),
}


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    url: str
    selected: bool = False


@dataclass
class SearchFacet:
    name: str
    label: str
    options: list = field(default_factory=list)

    @property
    def selected(self):
        return next((option for option in self.options if option.selected), None)


# Facets whose values are database ids; anything but a number that fits one matches
# nothing (a typo'd link, a probe), rather than making the database refuse the query.
ID_FACETS = {"competency", "industry"}


def pages_with(name, value):
    """The pages whose facet `name` has `value` (a tag by its slug, as links carry it)."""
    if name in ID_FACETS and not is_id(value):
        return Q(pk__in=[])
    values = SearchFacetValue.objects.filter(facet=name)
    if name == "tag":
        values = values.filter(value__in=Tag.objects.filter(slug=value).values(text=Cast("pk", CharField())))
    else:
        values = values.filter(value=value)
    return Q(pk__in=values.values("page_id"))


def chosen_filters(params):
    """Facet values from the URL. Unknown values match nothing rather than erroring,
    which the facet list then shows as zero results with a way back."""
    chosen = {}
    for name in FACET_LABELS:
        value = str(params.get(name, ""))[:60]
        if value:
            chosen[name] = value
    return chosen


def apply_filters(pages, chosen):
    for name, value in chosen.items():
        if name == "type":
            model = _type_by_key().get(value)
            pages = (
                pages.filter(content_type__app_label=model._meta.app_label, content_type__model=value)
                if model
                else pages.none()
            )
        else:
            pages = pages.filter(pages_with(name, value))
    return pages


def _type_by_key():
    return {model._meta.model_name: model for model in TYPE_LABELS}


def _facet_url(query, chosen, name, value):
    params = {"q": query, **{key: val for key, val in chosen.items() if key != name}}
    if value is not None:
        params[name] = value
    return "?" + urlencode(params)


def _all_counts(ids):
    """({facet: {value: how many of the pages `ids` have it}}, {tag slug: name}),
    counted by the database in one query from the values kept beside the index
    (`home.search.facet_values`): a few rows per facet come back, not a row for every
    page and value. Tags come back by slug, as links carry them, and the query that
    finds their slugs names them too."""
    counts = {name: Counter() for name in FACET_LABELS}
    tag_names = {}
    rows = (
        SearchFacetValue.objects.filter(page_id__in=id_list(ids))
        .order_by()
        .values_list("facet", "value")
        .annotate(n=Count("*"))
    )
    tag_counts = {}
    for name, value, number in rows:
        if name == "tag":
            tag_counts[value] = number
        elif name in counts:
            counts[name][value] = number
    tag_ids = [value for value in tag_counts if is_id(value)]
    for pk, slug, tag_name in Tag.objects.filter(pk__in=tag_ids).values_list("pk", "slug", "name"):
        counts["tag"][slug] += tag_counts[str(pk)]
        tag_names[slug] = tag_name
    return counts, tag_names


def _labels(name, values, tag_names):
    if name == "type":
        return {key: str(TYPE_LABELS[model]) for key, model in _type_by_key().items()}
    if name == "stage":
        return dict(SalesStage.choices)
    if name in ID_FACETS:
        # In the reader's language, from the kept competency model and industry list.
        if name == "competency":
            names = {str(competency.pk): competency.display_name for competency in competency_model().competencies}
        else:
            names = dict(industry_choices())
        return {value: names[value] for value in values if value in names}
    # Only a chosen tag that none of the results has is not named already.
    unnamed = [value for value in values if value not in tag_names]
    if unnamed:
        tag_names = {**tag_names, **dict(Tag.objects.filter(slug__in=unnamed).values_list("slug", "name"))}
    return {value: tag_names[value] for value in values if value in tag_names}


def build_facets(ids, query, chosen):
    """Each facet's options with how many of the results (`ids`) each would leave.
    A chosen facet shows only its choice, with the link that removes it."""
    facets = []
    all_counts, tag_names = _all_counts(ids)
    for name, label in FACET_LABELS.items():
        counts = dict(all_counts[name])
        if name == "tag":
            counts = dict(sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TAG_OPTIONS])
        if name in chosen:
            counts = {chosen[name]: counts.get(chosen[name], 0)}
        labels = _labels(name, list(counts), tag_names)
        facet = SearchFacet(name=name, label=label)
        for value, count in counts.items():
            if value not in labels:
                continue
            selected = chosen.get(name) == value
            url = _facet_url(query, chosen, name, None if selected else value)
            facet.options.append(FacetOption(value, labels[value], count, url, selected))
        if name != "tag":
            order = list(labels)
            facet.options.sort(key=lambda option: order.index(option.value) if option.value in order else 0)
        if facet.options:
            facets.append(facet)
    return facets
