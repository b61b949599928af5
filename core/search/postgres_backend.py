"""The Chinese-aware search backend on PostgreSQL's text search (see
`core.search.backends`)."""

from modelsearch.backends.database.postgres import postgres

from core.search.backends import SegmentingCompilerMixin, SegmentingIndexer


class PostgresIndexer(SegmentingIndexer, postgres.ObjectIndexer):
    pass


# modelsearch builds indexers by their module-level name and offers no setting for the
# class, so we point that name at ours; this module loads only when PostgreSQL is in use.
postgres.ObjectIndexer = PostgresIndexer


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
