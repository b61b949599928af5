"""Wagtail's database search backend, taught Chinese.

`WAGTAILSEARCH_BACKENDS` points here. Like modelsearch's own `database` backend this
picks the SQLite or PostgreSQL implementation for the default database
(`sqlite_backend`, `postgres_backend`); both segment every indexed value and every query
with `core.search.segmentation` through the mixins below, so both databases hold and
look for the same words. Wagtail's admin searches benefit too.
"""

from dataclasses import replace

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Case, IntegerField, When
from django.dispatch import Signal
from django.utils.encoding import force_str
from django.utils.functional import cached_property
from modelsearch.index import RelatedFields, SearchField
from modelsearch.query import And, Boost, Not, Or, Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks

from core.search.ranking import RankPlan, plan_for
from core.search.segmentation import index_text, index_token, query_words

INDEX_VERSION_KEY = "search:index-version"

# Relations whose names are indexed with the title, in the "heading" that ranking
# weighs above the body: a tag says what a page is about as plainly as its title.
HEADING_RELATIONS = frozenset({"tags"})
_HEADING = SearchField("title")


class SegmentingIndexer:
    """Segments each value an indexer prepares, once. Lists and dicts come back through
    this method item by item, so no text is segmented twice."""

    def prepare_field(self, obj, field):
        # modelsearch walks every field once per index column (three on SQLite, five on
        # PostgreSQL); without this each relation is queried and each text segmented
        # that many times, which was most of a full index build.
        if obj is not self.obj:
            return super().prepare_field(obj, field)
        prepared = self.__dict__.setdefault("_prepared", {})
        if id(field) not in prepared:
            items = list(super().prepare_field(obj, field))
            if isinstance(field, RelatedFields) and field.field_name in HEADING_RELATIONS:
                # Tags in name order: the database returns them in any order, and the
                # words' positions decide the "near" signal.
                items = sorted(((_HEADING, *rest) for _field, *rest in items), key=lambda item: item[-1])
            prepared[id(field)] = items
        return iter(prepared[id(field)])

    def prepare_value(self, value):
        if isinstance(value, (list, dict)):
            return super().prepare_value(value)
        # An empty optional field is None; force_str would index the word "None".
        if value is None:
            return ""
        text = force_str(value)
        # The title is both searched and autocompleted: cut it once.
        segmented = self.__dict__.setdefault("_segmented", {})
        if text not in segmented:
            segmented[text] = index_text(text)
        return segmented[text]


def index_version():
    """A number that changes whenever the index does, for caches of search results."""
    return cache.get_or_set(INDEX_VERSION_KEY, 1, None)


def index_changed():
    """Tell every cached search result that the index has changed."""
    try:
        cache.incr(INDEX_VERSION_KEY)
    except ValueError:
        cache.set(INDEX_VERSION_KEY, 1, None)


# Sent with the model and the ids of the objects whose index entries were just written,
# by a publish or a rebuild alike: what is kept beside the index (home's search facets)
# follows it without this layer knowing what that is.
index_entries_written = Signal()


class PreparedWritesMixin:
    """Index writes in two steps: `prepared_rows` reads and segments the objects (the
    slow part, which a rebuild runs on several processes, `core.search.rebuild`), and
    `write_prepared` stores those rows in a few statements (each backend's
    `write_rows`), then says so (`index_entries_written`)."""

    def prepared_rows(self, model, objs):
        raise NotImplementedError

    def write_rows(self, model, rows):
        raise NotImplementedError

    def write_prepared(self, model, rows):
        self.write_rows(model, rows)
        if rows:
            index_entries_written.send(sender=model, object_ids=[row[0] for row in rows])

    def add_items(self, model, objs):
        if model.get_search_fields():
            self.write_prepared(model, self.prepared_rows(model, objs))


class VersionedIndexMixin:
    """Marks every write to the index, so cached results never outlive what they were
    computed from (a page indexed by the worker after a search found nothing)."""

    def add_items(self, model, objs):
        super().add_items(model, objs)
        index_changed()

    def delete_item(self, item):
        super().delete_item(item)
        index_changed()


def segmented(query):
    """The query with every plain-text part cut into words. A part with no words left
    (only punctuation, emoji or stop words) is None, and so is a query of only those."""
    if isinstance(query, PlainText):
        words = [index_token(word) for word in query_words(query.query_string)]
        return PlainText(" ".join(words), operator=query.operator) if words else None
    if isinstance(query, Phrase):
        words = [index_token(word) for word in query_words(query.query_string)]
        return Phrase(" ".join(words)) if words else None
    if isinstance(query, (And, Or)):
        parts = [part for part in (segmented(sub) for sub in query.subqueries) if part is not None]
        return type(query)(parts) if parts else None
    if isinstance(query, Not):
        inner = segmented(query.subquery)
        return Not(inner) if inner else None
    if isinstance(query, Boost):
        inner = segmented(query.subquery)
        return Boost(inner, query.boost) if inner else None
    return query


class SegmentingCompilerMixin:
    """Searches for segmented words; a query with none left matches nothing instead of
    reaching the database as an empty or malformed full-text expression."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        query = segmented(self.query)
        self.has_words = query is not None
        if self.has_words:
            self.query = query

    def search(self, config, start, stop, *args, **kwargs):
        if not self.has_words:
            return self.queryset.none()
        return super().search(config, start, stop, *args, **kwargs)


class RankingCompilerMixin:
    """Ranks with `core.search.ranking`, the same rule on either database, for the
    site's search and Wagtail's admin alike."""

    ranked_search_class = None
    ranked_search_options = {}
    prefix = False
    # Wagtail's admin lists at most this many results of a search, best first.
    ADMIN_RESULTS = 1000

    @cached_property
    def plan(self):
        # self.query is segmented already (SegmentingCompilerMixin).
        return plan_for(self.query, prefix=self.prefix) if self.has_words else None

    def ranked_search(self, *, content_type_ids):
        """The ranking query for this compiler's plan (None when no word is left)."""
        if self.plan is None:
            return None
        return self.ranked_search_class(self.plan, content_type_ids=content_type_ids, **self.ranked_search_options)

    def ranked_signals(self, *, content_type_ids, limit, object_id=None):
        ranked = self.ranked_search(content_type_ids=content_type_ids)
        return [] if ranked is None else ranked.rows(limit=limit, object_id=object_id)

    def ranked_object_ids(self, *, content_type_ids, limit):
        return [row.object_id for row in self.ranked_signals(content_type_ids=content_type_ids, limit=limit)]

    def search(self, config, start, stop, score_field=None, **kwargs):
        if not self.has_words:
            return self.queryset.none()
        if score_field is not None or not self.order_by_relevance or self.fields or self.plan is None:
            return super().search(config, start, stop, score_field, **kwargs)
        model = self.queryset.model
        ranked = self.ranked_object_ids(
            content_type_ids=get_descendants_content_types_pks(model), limit=self.ADMIN_RESULTS
        )
        ranked = [model._meta.pk.to_python(object_id) for object_id in ranked]
        allowed = set(self.queryset.filter(pk__in=ranked).values_list("pk", flat=True))
        window = [pk for pk in ranked if pk in allowed][start:stop]
        if not window:
            return self.queryset.none()
        position = Case(*(When(pk=pk, then=index) for index, pk in enumerate(window)), output_field=IntegerField())
        return self.queryset.filter(pk__in=window).order_by(position)


def segmented_plan(plan):
    """The plan with every word as the index holds it; None when no word is left."""
    groups = []
    for group in plan.groups:
        match = segmented(group.match)
        if match is not None:
            groups.append(replace(group, match=match, literal=segmented(group.literal) or match))
    return replace(plan, groups=tuple(groups)) if groups else None


# Wagtail calls `SearchBackend(params)` in the module WAGTAILSEARCH_BACKENDS names.
def SearchBackend(params):
    # Imported on demand: each vendor's modelsearch module needs models (such as
    # SQLite's full-text table) that exist only on that database.
    if connection.vendor == "postgresql":
        from core.search.postgres_backend import PostgresSearchBackend

        return PostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        from core.search.sqlite_backend import SQLiteSearchBackend

        return SQLiteSearchBackend(params)
    raise ImproperlyConfigured(f"Chinese search supports SQLite and PostgreSQL, not {connection.vendor}.")


def _compiler(query, *, autocomplete=False):
    from modelsearch.backends import get_search_backend
    from wagtail.models import Page

    backend = get_search_backend()
    compiler_class = backend.autocomplete_query_compiler_class if autocomplete else backend.query_compiler_class
    plan = query if isinstance(query, RankPlan) else None
    compiler = compiler_class(Page.objects.all(), plan.match if plan else query)
    if plan is not None and compiler.has_words:
        compiler.plan = segmented_plan(replace(plan, prefix=compiler.prefix))
    return compiler


def content_type_ids(models):
    """The content type ids of `models`, for index entries."""
    from django.contrib.contenttypes.models import ContentType

    return [content_type.pk for content_type in ContentType.objects.get_for_models(*models).values()]


def ranked_signals(query, *, models, limit, object_id=None, autocomplete=False):
    """(the plan as searched, each match's `ranking.Signals` best first) for `query` (a
    `RankPlan`, a backend query or what was typed) over pages of `models` and their
    subclasses, in one query however many pages match. Drafts and private pages are
    among them: the caller filters those."""
    compiler = _compiler(query, autocomplete=autocomplete)
    rows = compiler.ranked_signals(content_type_ids=content_type_ids(models), limit=limit, object_id=object_id)
    return compiler.plan, rows


def live_page_ids_sql(query, *, models, limit=None):
    """(SQL, parameters) selecting the ids of live pages of `models` that match
    `query`, unranked, at most `limit`; None when no word is left. Private pages are
    among them: the caller filters those."""
    search = _compiler(query).ranked_search(content_type_ids=content_type_ids(models))
    return None if search is None else search.live_page_ids_sql(limit=limit)


def ranked_page_ids(query, *, models, limit, autocomplete=False):
    """Ids of the `limit` pages that match `query` best, best first (`ranked_signals`)."""
    _plan, rows = ranked_signals(query, models=models, limit=limit, autocomplete=autocomplete)
    return [int(row.object_id) for row in rows]
