"""The Chinese-aware search backend on PostgreSQL's text search (see
`core.search.backends`)."""

from modelsearch.backends.database.postgres import postgres

from core.search.backends import (
    RankingCompilerMixin,
    SegmentingCompilerMixin,
    SegmentingIndexer,
    VersionedIndexMixin,
)
from core.search.ranking import NEAR_SPAN, RankedSearch, render


class PostgresIndexer(SegmentingIndexer, postgres.ObjectIndexer):
    pass


# modelsearch builds indexers by their module-level name and offers no setting for the
# class, so we point that name at ours; this module loads only when PostgreSQL is in use.
postgres.ObjectIndexer = PostgresIndexer


class PostgresIndex(VersionedIndexMixin, postgres.PostgresIndex):
    def _refresh_title_norms(self, full=False):
        # Title norms feed modelsearch's ts_rank, which our ranking does not use; keeping
        # them scanned the whole index twice on every publish (300 ms at 140,000 pages).
        pass


def _lexeme(word, prefix=False):
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'" + (":*" if prefix else "")


def tsquery_text(query, prefix=False):
    """A single word or phrase as `to_tsquery` text."""
    words = query.query_string.split()
    lexemes = [_lexeme(word) for word in words[:-1]] + [_lexeme(words[-1], prefix)]
    return " <-> ".join(lexemes)


class PostgresRankedSearch(RankedSearch):
    def from_sql(self):
        return f"{postgres.IndexEntry._meta.db_table} e"

    def _in_columns(self, columns, text):
        sql = " OR ".join(f"e.{column} @@ to_tsquery('simple', %s)" for column in columns)
        return f"({sql})", [text] * len(columns)

    def _render(self, query, columns, prefix):
        """The query over `columns`, each word or phrase matched in any one of them:
        PostgreSQL can then answer from each column's GIN index, and a query whose
        words are split between title and body still matches, as on SQLite."""

        def combine(is_and, parts):
            joined = (" AND " if is_and else " OR ").join(sql for sql, _params in parts)
            return f"({joined})", [param for _sql, params in parts for param in params]

        return render(
            query,
            word=lambda words, prefix: self._in_columns(columns, tsquery_text(words, prefix)),
            combine=combine,
            prefix=prefix,
        )

    def match_sql(self, query):
        return self._render(query, self.columns, self.plan.prefix)

    def heading_sql(self, query):
        return self._render(query, (self.heading,), self.plan.prefix)

    def literal_sql(self, query):
        return self._render(query, self.columns, self.plan.prefix)

    def near_sql(self, first, second):
        # FTS5's NEAR takes the two words in either order; <N> is "exactly N apart".
        spans = [
            f"{_lexeme(a)} <{distance}> {_lexeme(b)}"
            for distance in range(1, NEAR_SPAN + 1)
            for a, b in ((first, second), (second, first))
        ]
        return self._in_columns(self.columns, " | ".join(spans))

    def page_id_sql(self):
        return "e.object_id::integer"


class PostgresSearchCompiler(RankingCompilerMixin, SegmentingCompilerMixin, postgres.PostgresSearchQueryCompiler):
    ranked_search_class = PostgresRankedSearch


class PostgresAutocompleteCompiler(
    RankingCompilerMixin, SegmentingCompilerMixin, postgres.PostgresAutocompleteQueryCompiler
):
    ranked_search_class = PostgresRankedSearch
    ranked_search_options = {"columns": ("autocomplete",), "heading": "autocomplete"}
    prefix = True


class PostgresSearchBackend(postgres.PostgresSearchBackend):
    query_compiler_class = PostgresSearchCompiler
    autocomplete_query_compiler_class = PostgresAutocompleteCompiler
    index_class = PostgresIndex

    def __init__(self, params):
        # "simple": words are already cut and lower-cased, and SQLite neither stems nor
        # drops stop words, so PostgreSQL must not either for the two to agree.
        super().__init__({"SEARCH_CONFIG": "simple", **params})
