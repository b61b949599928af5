"""Wagtail's database search backend, taught Chinese.

`WAGTAILSEARCH_BACKENDS` points here. Like modelsearch's own `database` backend this
picks the SQLite or PostgreSQL implementation for the default database
(`sqlite_backend`, `postgres_backend`); both segment every indexed value and every query
with `core.search.segmentation` through the mixins below, so both databases hold and
look for the same words. Wagtail's admin searches benefit too.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils.encoding import force_str
from modelsearch.query import And, Boost, Not, Or, Phrase, PlainText

from core.search.segmentation import index_text, query_words


class SegmentingIndexer:
    """Segments each value an indexer prepares. Lists and dicts come back through this
    method item by item, so no text is segmented twice."""

    def prepare_value(self, value):
        if isinstance(value, (list, dict)):
            return super().prepare_value(value)
        return index_text(force_str(value))


def segmented(query):
    """The query with every plain-text part cut into words. A part with no words left
    (only punctuation, emoji or stop words) is None, and so is a query of only those."""
    if isinstance(query, PlainText):
        words = query_words(query.query_string)
        return PlainText(" ".join(words), operator=query.operator) if words else None
    if isinstance(query, Phrase):
        words = query_words(query.query_string)
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


def ranked_page_ids(query, *, models, limit, autocomplete=False):
    """Ids of the `limit` pages of `models` (and their subclasses) that match `query`
    best, best first, in one query however many pages match. Drafts and private pages
    are among them: the caller filters those."""
    from django.contrib.contenttypes.models import ContentType
    from modelsearch.backends import get_search_backend
    from wagtail.models import Page

    backend = get_search_backend()
    compiler_class = backend.autocomplete_query_compiler_class if autocomplete else backend.query_compiler_class
    compiler = compiler_class(Page.objects.all(), query)
    content_type_ids = [content_type.pk for content_type in ContentType.objects.get_for_models(*models).values()]
    return [int(object_id) for object_id in compiler.ranked_object_ids(content_type_ids=content_type_ids, limit=limit)]
