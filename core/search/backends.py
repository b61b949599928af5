"""Wagtail's database search backend, taught Chinese.

`WAGTAILSEARCH_BACKENDS` points here. Like modelsearch's own `database` backend this
picks the SQLite or PostgreSQL implementation for the default database; ours segment
every indexed value and every query with `core.search.segmentation`, so both databases
hold and look for the same words. Wagtail's admin searches benefit too.
"""

from django.db import connection
from django.utils.encoding import force_str
from modelsearch.backends.database.postgres import postgres
from modelsearch.backends.database.sqlite import sqlite
from modelsearch.query import And, Boost, Not, Or, Phrase, PlainText

from core.search.segmentation import index_text, query_words


class SegmentingIndexer:
    """Segments each value an indexer prepares. Lists and dicts come back through this
    method item by item, so no text is segmented twice."""

    def prepare_value(self, value):
        if isinstance(value, (list, dict)):
            return super().prepare_value(value)
        return index_text(force_str(value))


class SQLiteIndexer(SegmentingIndexer, sqlite.ObjectIndexer):
    pass


class PostgresIndexer(SegmentingIndexer, postgres.ObjectIndexer):
    pass


# modelsearch builds indexers by their module-level name and offers no setting for the
# class, so we point that name at ours. Only this backend's indexes use those modules.
sqlite.ObjectIndexer = SQLiteIndexer
postgres.ObjectIndexer = PostgresIndexer


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


class SQLiteSearchCompiler(SegmentingCompilerMixin, sqlite.SQLiteSearchQueryCompiler):
    pass


class SQLiteAutocompleteCompiler(SegmentingCompilerMixin, sqlite.SQLiteAutocompleteQueryCompiler):
    pass


class SQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    query_compiler_class = SQLiteSearchCompiler
    autocomplete_query_compiler_class = SQLiteAutocompleteCompiler


class PostgresSearchCompiler(SegmentingCompilerMixin, postgres.PostgresSearchQueryCompiler):
    pass


class PostgresAutocompleteCompiler(SegmentingCompilerMixin, postgres.PostgresAutocompleteQueryCompiler):
    pass


class PostgresSearchBackend(postgres.PostgresSearchBackend):
    query_compiler_class = PostgresSearchCompiler
    autocomplete_query_compiler_class = PostgresAutocompleteCompiler

    def __init__(self, params):
        # "simple": words are already cut and lower-cased, and SQLite neither stems nor
        # drops stop words, so PostgreSQL must not either for the two to agree.
        super().__init__({"SEARCH_CONFIG": "simple", **params})


# Wagtail calls `SearchBackend(params)` in the module WAGTAILSEARCH_BACKENDS names.
def SearchBackend(params):
    if connection.vendor == "postgresql":
        return PostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        return SQLiteSearchBackend(params)
    raise NotImplementedError(f"Chinese search supports SQLite and PostgreSQL, not {connection.vendor}.")
