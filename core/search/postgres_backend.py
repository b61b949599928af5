"""The Chinese-aware search backend on PostgreSQL's text search (see
`core.search.backends`)."""

from modelsearch.backends.database.postgres import postgres
from modelsearch.utils import get_content_type_pk

from core.search.backends import (
    PreparedWritesMixin,
    RankingCompilerMixin,
    SegmentingCompilerMixin,
    SegmentingIndexer,
    VersionedIndexMixin,
)
from core.search.ranking import NEAR_SPAN, RankedSearch, render


class PostgresIndexer(SegmentingIndexer, postgres.ObjectIndexer):
    def as_vector(self, texts, for_autocomplete=False):
        """The column's texts as (text search configuration, ((weight, text), ...)),
        plain data that a rebuild's worker processes can hand back; `_vector_sql`
        turns it into SQL. modelsearch built a Django expression per field here, and
        compiling those cost more than segmenting the words."""
        config = self.autocomplete_config if for_autocomplete else self.config
        runs = []
        for text, weight in texts:
            text = text.strip()
            if not text:
                continue
            # Consecutive texts of one weight become one to_tsvector call: joined by a
            # space their words keep the positions that `||` would give them.
            if runs and runs[-1][0] == weight:
                runs[-1] = (weight, f"{runs[-1][1]} {text}")
            else:
                runs.append((weight, text))
        return config, tuple(runs)


# modelsearch builds indexers by their module-level name and offers no setting for the
# class, so we point that name at ours; this module loads only when PostgreSQL is in use.
postgres.ObjectIndexer = PostgresIndexer


def _vector_sql(vector):
    config, runs = vector
    if not runs:
        return "''::tsvector", []
    sql = " || ".join(["setweight(to_tsvector(%s::regconfig, %s), %s)"] * len(runs))
    return sql, [param for weight, text in runs for param in (config, text, weight)]


ENTRY_COLUMNS = "content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text"
# Enough rows per INSERT to make round trips rare, few enough to stay far below
# PostgreSQL's 65,535 parameters with dozens of indexed fields a page.
ROWS_PER_STATEMENT = 250


class PostgresIndex(VersionedIndexMixin, PreparedWritesMixin, postgres.PostgresIndex):
    def prepared_rows(self, model, objs):
        """(object id, title, autocomplete and body vectors, title and body text) of
        each object, segmented."""
        indexers = [PostgresIndexer(obj, self.backend) for obj in objs]
        return [
            (indexer.id, indexer.title, indexer.autocomplete, indexer.body, indexer.title_text, indexer.body_text)
            for indexer in indexers
        ]

    def write_prepared(self, model, rows):
        content_type_pk = get_content_type_pk(model)
        table = postgres.IndexEntry._meta.db_table
        with self.write_connection.cursor() as cursor:
            for start in range(0, len(rows), ROWS_PER_STATEMENT):
                values, params = [], []
                for object_id, title, autocomplete, body, title_text, body_text in rows[
                    start : start + ROWS_PER_STATEMENT
                ]:
                    vectors = [_vector_sql(vector) for vector in (title, autocomplete, body)]
                    values.append(f"(%s, %s, {vectors[0][0]}, {vectors[1][0]}, {vectors[2][0]}, 1.0, %s, %s)")
                    params += [content_type_pk, object_id, *vectors[0][1], *vectors[1][1], *vectors[2][1]]
                    params += [title_text, body_text]
                cursor.execute(
                    f"INSERT INTO {table} ({ENTRY_COLUMNS}) VALUES {', '.join(values)} "
                    "ON CONFLICT (content_type_id, object_id) DO UPDATE SET title = EXCLUDED.title, "
                    "title_norm = 1.0, autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body, "
                    "title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text",
                    params,
                )

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
