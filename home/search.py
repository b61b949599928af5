"""The unified search: every kind of content in one ranked list, narrowed by facets,
with the query's words marked, and help when nothing matches.

Home sits above every content app (DESIGN.md, "Layers"), so this is the one module
that knows them all: which page types are searched and where each keeps its
competencies, sales stage, industry and tags.
"""

import difflib
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelsearch.index import SearchField
from taggit.models import Tag
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from capture.models import ExperienceLessonPage, ExperienceLessonTag
from cases.models import CaseStudyPage, CaseStudyTag
from competencies.models import Competency
from core.facets import LISTING_CACHE_SECONDS
from core.models import Industry
from core.related import related_generation
from core.search.highlight import excerpt, highlight
from core.search.query import parse_query
from core.search.segmentation import DICTIONARY_FILE, normalise, query_words
from core.taxonomy import SalesStage
from learning.models import CourseCompetency, CoursePage, CourseTag, LessonPage
from quizzes.models import QuizPage

RESULTS_PER_PAGE = 10
TAG_OPTIONS = 12
SUGGESTIONS = 6
# difflib similarity a "did you mean" needs. Half, because a one-character slip in a
# two-character Chinese word (客护 for 客户) scores exactly that; the suggestion is only
# offered when it finds something.
SPELLING_CUTOFF = 0.5

# The searched page types, in the order the type facet lists them.
CONTENT_TYPES = [
    (ExperienceLessonPage, pgettext_lazy("search type", "Field lessons")),
    (CaseStudyPage, pgettext_lazy("search type", "Cases")),
    (CoursePage, pgettext_lazy("search type", "Courses")),
    (LessonPage, pgettext_lazy("search type", "Course lessons")),
    (QuizPage, pgettext_lazy("search type", "Quizzes")),
]
TYPE_LABELS = dict(CONTENT_TYPES)


@dataclass(frozen=True)
class Source:
    """Rows that tie a page (`page_field`) to a facet value (`value_field`)."""

    model: type
    page_field: str
    value_field: str

    def rows(self):
        return self.model._default_manager.all()


def _m2m(page_model, name):
    through = page_model._meta.get_field(name).remote_field.through
    return Source(through, f"{page_model._meta.model_name}_id", "competency_id")


FACET_SOURCES = {
    "competency": [
        _m2m(ExperienceLessonPage, "competencies"),
        _m2m(CaseStudyPage, "competencies"),
        Source(CourseCompetency, "course_id", "competency_id"),
    ],
    "stage": [Source(ExperienceLessonPage, "pk", "sales_stage"), Source(CaseStudyPage, "pk", "sales_stage")],
    "industry": [Source(ExperienceLessonPage, "pk", "industry_id"), Source(CaseStudyPage, "pk", "industry_id")],
    "tag": [
        Source(ExperienceLessonTag, "content_object_id", "tag__slug"),
        Source(CaseStudyTag, "content_object_id", "tag__slug"),
        Source(CourseTag, "content_object_id", "tag__slug"),
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


@dataclass
class Result:
    page: object
    type_label: str
    title: str
    excerpt: str


@dataclass
class SearchOutcome:
    """Everything the search page shows."""

    query: str
    words: list
    results_page: object = None
    results: list = field(default_factory=list)
    facets: list = field(default_factory=list)
    promotions: list = field(default_factory=list)
    did_you_mean: str = ""
    related_searches: list = field(default_factory=list)
    filter_query_string: str = ""

    @property
    def total(self):
        return self.results_page.paginator.count if self.results_page else 0


def searchable_pages():
    """Published, public pages of the searched types. Drafts and pages behind a login
    or password never appear."""
    return Page.objects.live().public().type(*TYPE_LABELS)


def matching_pages(parsed):
    """The pages matching the query, best first, as a queryset that can still be
    filtered and counted."""
    results = searchable_pages().search(parsed.backend_query)
    # The database backends build their matches as a queryset; asking for it keeps
    # facets and counts in the database instead of loading every match.
    return results.get_queryset()


def pages_with(name, value):
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


def _counts(pages, name):
    # Relevance ordering would otherwise join the GROUP BY and split every count.
    pages = pages.order_by()
    if name == "type":
        rows = pages.values("content_type__model").annotate(n=Count("pk", distinct=True))
        return {row["content_type__model"]: row["n"] for row in rows}
    counts = {}
    ids = pages.values("pk")
    for source in FACET_SOURCES[name]:
        rows = (
            source.rows()
            .filter(**{f"{source.page_field}__in": ids})
            .exclude(**{f"{source.value_field}__isnull": True})
            .values(source.value_field)
            .annotate(n=Count(source.page_field, distinct=True))
        )
        for row in rows:
            value = str(row[source.value_field])
            if value:
                counts[value] = counts.get(value, 0) + row["n"]
    return counts


def _labels(name, values):
    if name == "type":
        return {key: str(TYPE_LABELS[model]) for key, model in _type_by_key().items()}
    if name == "stage":
        return dict(SalesStage.choices)
    if name == "competency":
        return {str(pk): label for pk, label in Competency.objects.filter(pk__in=values).values_list("pk", "name")}
    if name == "industry":
        return {str(pk): label for pk, label in Industry.objects.filter(pk__in=values).values_list("pk", "name")}
    return dict(Tag.objects.filter(slug__in=values).values_list("slug", "name"))


def build_facets(pages, query, chosen):
    """Each facet's options with how many of the current results each would leave.
    A chosen facet shows only its choice, with the link that removes it."""
    facets = []
    for name, label in FACET_LABELS.items():
        counts = _counts(pages, name)
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


def searchable_text(page):
    """The page's indexed text besides its title, as people read it, for excerpts."""
    texts = []
    for search_field in page.get_search_fields():
        if isinstance(search_field, SearchField) and search_field.field_name != "title":
            value = search_field.get_value(page)
            if isinstance(value, (list, tuple)):
                texts.extend(str(item) for item in value if isinstance(item, str))
            elif isinstance(value, str):
                texts.append(value)
    return " ".join(text for text in texts if text)


def describe(pages, words):
    """Results for one page of the listing: each page as its own type, titled and
    excerpted with the query's words marked."""
    results = []
    for page in pages:
        results.append(
            Result(
                page=page,
                type_label=TYPE_LABELS.get(type(page), ""),
                title=highlight(page.title, words),
                excerpt=excerpt(page.search_description or searchable_text(page), words),
            )
        )
    return results


def search(*, query, params):
    """Search for `query` (already cleaned) with the facet choices and page number in
    `params`."""
    parsed = parse_query(query)
    outcome = SearchOutcome(query=query, words=parsed.words)
    if parsed.backend_query is None:
        outcome.results_page = Paginator([], RESULTS_PER_PAGE).get_page(1)
        outcome.did_you_mean = did_you_mean(query, parsed)
        return outcome
    chosen = chosen_filters(params)
    pages = apply_filters(matching_pages(parsed), chosen)
    outcome.results_page = Paginator(pages, RESULTS_PER_PAGE).get_page(params.get("page"))
    outcome.results = describe(outcome.results_page.object_list.specific(), parsed.highlight_words)
    outcome.facets = build_facets(pages, query, chosen)
    outcome.filter_query_string = urlencode({"q": query, **chosen})
    if not outcome.total and not chosen:
        outcome.did_you_mean = did_you_mean(query, parsed)
        outcome.related_searches = related_searches(parsed)
    return outcome


# --- help when nothing matches -------------------------------------------------------


VOCABULARY_TITLES = 2000


def vocabulary():
    """{word: weight} of what a query could have meant: words of recent titles (weighted
    by how often they occur), the dictionaries, synonyms, tags, and searches that found
    something. Cached; rebuilt after content changes."""
    key = f"search:vocabulary:{related_generation()}"
    words = cache.get(key)
    if words is None:
        from core.models import SearchTerm, SynonymGroup

        words = Counter()
        titles = searchable_pages().order_by("-last_published_at").values_list("title", flat=True)
        for title in titles[:VOCABULARY_TITLES]:
            words.update(word for word in query_words(title) if len(word) > 1)
        known = [
            normalise(line.split("#", 1)[0].strip())
            for line in DICTIONARY_FILE.read_text(encoding="utf-8").splitlines()
        ]
        known += [normalise(term) for term in SearchTerm.objects.values_list("term", flat=True)]
        for group in SynonymGroup.objects.all():
            known += [normalise(term) for term in group.term_list()]
        known += [normalise(name) for name in Tag.objects.values_list("name", flat=True)[:VOCABULARY_TITLES]]
        answered = Query.get_most_popular().filter(unanswered__isnull=True)
        known += list(answered.values_list("query_string", flat=True)[:200])
        words.update(word for word in known if word)
        words = dict(words)
        cache.set(key, words, LISTING_CACHE_SECONDS)
    return words


def closest(text, known):
    """The known word most like `text`: most similar first, then the one that starts
    the same way (a slip is more often late in a word), then the most common."""
    candidates = difflib.get_close_matches(text, known, n=10, cutoff=SPELLING_CUTOFF)
    if not candidates:
        return ""

    def likeness(word):
        ratio = round(difflib.SequenceMatcher(None, text, word).ratio(), 2)
        same_start = next(
            (i for i, (a, b) in enumerate(zip(text, word, strict=False)) if a != b), min(len(text), len(word))
        )
        return ratio, same_start, known[word]

    return max(candidates, key=likeness)


def did_you_mean(query, parsed):
    """A close spelling that would find something (客护 → 客户), or "" if none."""
    known = vocabulary()
    candidate = closest(normalise(query), known)
    if not candidate and parsed.words:
        candidate = " ".join(closest(word, known) or word for word in parsed.words)
    if not candidate or candidate == normalise(query) or candidate.split() == parsed.words:
        return ""
    return candidate if matching_pages(parse_query(candidate)).exists() else ""


def related_searches(parsed):
    """When all the words together find nothing, each word alone might: offered with
    how many results it has."""
    if len(parsed.words) < 2:
        return []
    related = []
    for word in parsed.words:
        count = matching_pages(parse_query(word)).count()
        if count:
            related.append((word, count))
    return related


# --- autocomplete --------------------------------------------------------------------


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


# --- what people search for ------------------------------------------------------------


def log_search(query, *, found):
    """Count the search in Wagtail's query log (admin → 报表 → 搜索词, and the promoted
    results editors attach to it); a search that found nothing is also kept apart
    until content answers it."""
    from home.models import UnansweredSearch

    logged = Query.get(query)
    logged.add_hit()
    if found:
        UnansweredSearch.objects.filter(query=logged).delete()
    else:
        UnansweredSearch.record_miss(logged)


def promotions_for(query):
    """Results editors pinned to this search (Wagtail's promoted search results): live,
    public pages and external links."""
    return list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query))
        .filter(Q(page__isnull=True) | Q(page__in=Page.objects.live().public()))
        .select_related("page")
        .order_by("sort_order")
    )
