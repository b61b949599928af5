"""The Chinese-aware search backend on SQLite's FTS5 (see `core.search.backends`)."""

from modelsearch.backends.database.sqlite import sqlite

from core.search.backends import SegmentingCompilerMixin, SegmentingIndexer


class SQLiteIndexer(SegmentingIndexer, sqlite.ObjectIndexer):
    pass


# modelsearch builds indexers by their module-level name and offers no setting for the
# class, so we point that name at ours; this module loads only when SQLite is in use.
sqlite.ObjectIndexer = SQLiteIndexer


class SQLiteSearchCompiler(SegmentingCompilerMixin, sqlite.SQLiteSearchQueryCompiler):
    pass


class SQLiteAutocompleteCompiler(SegmentingCompilerMixin, sqlite.SQLiteAutocompleteQueryCompiler):
    pass


class SQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    query_compiler_class = SQLiteSearchCompiler
    autocomplete_query_compiler_class = SQLiteAutocompleteCompiler
