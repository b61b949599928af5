"""Narrowing results by type, competency, sales stage, industry and tag, and counting
how many results each choice would leave."""

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.models import Page

from capture.models import ExperienceLessonPage, ExperienceLessonTag
from cases.models import CaseStudyPage, CaseStudyTag
from competencies.models import Competency
from core.id_lists import id_list
from core.models import Industry
from core.taxonomy import SalesStage
from core.text import is_id
from home.search.content import TYPE_LABELS
from learning.models import CourseCompetency, CoursePage, CourseTag

TAG_OPTIONS = 12


@dataclass(frozen=True)
class Source:
    """Rows that tie a page of `page_model` (`page_field`) to a facet value
    (`value_field`)."""

    page_model: type
    model: type
    page_field: str
    value_field: str

    def rows(self):
        return self.model._default_manager.all()


def _m2m(page_model, name):
    through = page_model._meta.get_field(name).remote_field.through
    return Source(page_model, through, f"{page_model._meta.model_name}_id", "competency_id")


def _own(page_model, value_field):
    return Source(page_model, page_model, "pk", value_field)


FACET_SOURCES = {
    "competency": [
        _m2m(ExperienceLessonPage, "competencies"),
        _m2m(CaseStudyPage, "competencies"),
        Source(CoursePage, CourseCompetency, "course_id", "competency_id"),
    ],
    "stage": [_own(ExperienceLessonPage, "sales_stage"), _own(CaseStudyPage, "sales_stage")],
    "industry": [_own(ExperienceLessonPage, "industry_id"), _own(CaseStudyPage, "industry_id")],
    "tag": [
        Source(ExperienceLessonPage, ExperienceLessonTag, "content_object_id", "tag__slug"),
        Source(CaseStudyPage, CaseStudyTag, "content_object_id", "tag__slug"),
        Source(CoursePage, CourseTag, "content_object_id", "tag__slug"),
    ],
}
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
    if name in ID_FACETS and not is_id(value):
        return Q(pk__in=[])
    condition = Q()
    for source in FACET_SOURCES[name]:
        condition |= Q(pk__in=source.rows().filter(**{source.value_field: value}).values(source.page_field))
    return condition


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
    """{facet: {value: how many of the pages `ids` have it}}, counted by the database:
    a few rows per source come back, not a row for every page and value (at a thousand
    results, sorting those out in Python cost more than the queries). Each source is
    asked about the pages of its own type only, and not at all when there are none:
    every page asked about is an index lookup, about half of a search's facet time
    when each source was asked about all thousand."""
    counts = {name: Counter() for name in FACET_LABELS}
    ids_by_type = {}
    for pk, content_type_id in Page.objects.filter(pk__in=id_list(ids)).values_list("pk", "content_type_id"):
        ids_by_type.setdefault(content_type_id, []).append(pk)
    # Django keeps content types in memory: no query.
    for key, model in _type_by_key().items():
        if found := ids_by_type.get(ContentType.objects.get_for_model(model).pk):
            counts["type"][key] = len(found)
    for name, sources in FACET_SOURCES.items():
        for source in sources:
            source_ids = ids_by_type.get(ContentType.objects.get_for_model(source.page_model).pk)
            if not source_ids:
                continue
            # Each page is of one type, so the sources of a facet never count it twice;
            # within a source, a page counts once per value however many rows repeat it.
            rows = (
                source.rows()
                .filter(**{f"{source.page_field}__in": id_list(source_ids)})
                .order_by()
                .values_list(source.value_field)
                .annotate(n=Count(source.page_field, distinct=True))
            )
            for value, number in rows:
                if value not in (None, ""):
                    counts[name][str(value)] += number
    return counts


def _labels(name, values):
    if name == "type":
        return {key: str(TYPE_LABELS[model]) for key, model in _type_by_key().items()}
    if name == "stage":
        return dict(SalesStage.choices)
    if name in ID_FACETS:
        model = Competency if name == "competency" else Industry
        ids = [value for value in values if is_id(value)]
        return {str(pk): label for pk, label in model.objects.filter(pk__in=ids).values_list("pk", "name")}
    return dict(Tag.objects.filter(slug__in=values).values_list("slug", "name"))


def build_facets(ids, query, chosen):
    """Each facet's options with how many of the results (`ids`) each would leave.
    A chosen facet shows only its choice, with the link that removes it."""
    facets = []
    all_counts = _all_counts(ids)
    for name, label in FACET_LABELS.items():
        counts = dict(all_counts[name])
        if name == "tag":
            counts = dict(sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TAG_OPTIONS])
        if name in chosen:
            counts = {chosen[name]: counts.get(chosen[name], 0)}
        labels = _labels(name, list(counts))
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
