"""The Chinese-aware search backend on SQLite's FTS5 (see `core.search.backends`)."""

from django.db import connection, transaction
from modelsearch.backends.database.sqlite import sqlite
from modelsearch.utils import get_content_type_pk

from core.search.backends import (
    PreparedWritesMixin,
    RankingCompilerMixin,
    SegmentingCompilerMixin,
    SegmentingIndexer,
    VersionedIndexMixin,
)
from core.search.rank_keys import OBSOLETE_BIT, RANK_KEY_INDEX, entry_rank_keys
from core.search.ranking import NEAR_SPAN, RankedSearch, render

FTS_TABLE = sqlite.SQLiteFTSIndexEntry._meta.db_table
ENTRY_TABLE = sqlite.IndexEntry._meta.db_table
# Pages asked for their rank keys at once: well below SQLite's limit on parameters.
ROWS_PER_KEY_LOOKUP = 500


class SQLiteIndexer(SegmentingIndexer, sqlite.ObjectIndexer):
    pass


# modelsearch builds indexers by their module-level name and offers no setting for the
# class, so we point that name at ours; this module loads only when SQLite is in use.
sqlite.ObjectIndexer = SQLiteIndexer


class SQLiteIndex(VersionedIndexMixin, PreparedWritesMixin, sqlite.SQLiteIndex):
    def prepared_rows(self, model, objs):
        """(object id, title, autocomplete, body) of each object, segmented."""
        indexers = [SQLiteIndexer(obj, self.backend) for obj in objs]
        return [(indexer.id, indexer.title, indexer.autocomplete, indexer.body) for indexer in indexers]

    def write_rows(self, model, rows):
        """Replace the objects' entries, with their rank keys, in a few statements (the
        FTS table follows through Wagtail's triggers); modelsearch updated entries one
        at a time, so a rebuild of a large site was mostly round trips."""
        if not rows:
            return
        content_type_pk = get_content_type_pk(model)
        keys = {}
        for start in range(0, len(rows), ROWS_PER_KEY_LOOKUP):
            keys.update(entry_rank_keys(model, [row[0] for row in rows[start : start + ROWS_PER_KEY_LOOKUP]]))
        with transaction.atomic(using=self.write_connection.alias):
            self.entries.filter(content_type_id=content_type_pk, object_id__in=[row[0] for row in rows])._raw_delete(
                using=self.write_connection.alias
            )
            with self.write_connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {ENTRY_TABLE} (content_type_id, object_id, title, autocomplete, body, title_norm, "
                    "rank_key) VALUES (%s, %s, %s, %s, %s, 1.0, %s)",
                    [
                        (content_type_pk, object_id, title, autocomplete, body, keys[object_id])
                        for object_id, title, autocomplete, body in rows
                    ],
                )

    def _refresh_title_norms(self, full=False):
        # Title norms feed modelsearch's bm25, which our ranking does not use; keeping
        # them read the whole index after every write.
        pass


def _token(word, prefix=False):
    return '"' + word.replace('"', '""') + '"' + (" *" if prefix else "")


def fts_expression(query, prefix=False):
    """The query in FTS5's syntax. With `prefix`, the last word may begin a longer one."""
    return render(
        query,
        word=lambda words, prefix: _token(words.query_string, prefix),
        combine=lambda is_and, parts: "(" + (" AND " if is_and else " OR ").join(parts) + ")",
        prefix=prefix,
    )


class SQLiteRankedSearch(RankedSearch):
    # Score levels tried from the top, one FTS5 query each, before every match is scored.
    MOST_LEVELS = 3

    def rows(self, *, limit=None, object_id=None):
        """The best `limit` matches. Every match is scored, unless the highest score
        any match reaches is shared by `limit` current pages or more: then the first of
        those in order of standing are the best, read in that order without scoring
        the rest (客户 at full scale: 78,000 of 140,000 matches have it in the title;
        200 ms became 40)."""
        if limit is not None and object_id is None:
            best = self._first_of_the_highest_score(limit)
            if best is not None:
                return best
        return super().rows(limit=limit, object_id=object_id)

    def _first_of_the_highest_score(self, limit):
        """The best `limit` matches where they all share the highest score reached;
        None where that is not so or cannot be told cheaply.

        Scores are tried from the highest a query can reach down, while no match has
        reached the one above. A score is tried only where one set of answers alone
        reaches it exactly (离网: its title synonyms alone, when no page also has the
        word as typed): then the matches that reach it answer yes to just those, and
        one FTS5 query finds and counts them."""
        every_signal = self.weighted_signals()
        signals = [signal for signal in every_signal if signal[0] != "FALSE"]
        scores = {0}
        for _sql, _params, weight in signals:
            scores |= {score + weight for score in scores}
        scores = sorted(scores - {0}, reverse=True)
        match = self.match_sql(self.plan.match)[1][0]
        for level, score in enumerate(scores[: self.MOST_LEVELS]):
            # Only every signal together reaches the highest score.
            ways = [signals] if level == 0 else self.ways_to_beat(signals, score - 1)
            if not ways or len(ways) != 1 or sum(signal[2] for signal in ways[0]) != score:
                return None
            expressions = [match, *(params[0] for _sql, params, _weight in ways[0])]
            reaching, first = self._first_answering(" AND ".join(f"({e})" for e in expressions), limit)
            if len(first) == limit:
                answers = [any(signal is yes for yes in ways[0]) for signal in every_signal]
                groups = len(self.plan.ranked_groups)
                return [self._read((object_id, *answers, key), groups, 1 + len(answers)) for object_id, key in first]
            if reaching:
                return None
        return None

    def _first_answering(self, expression, limit):
        """(how many entries match the FTS5 `expression`, the first `limit` current
        pages among them in order of standing, or none when they are fewer). A count
        short of `limit` ends the statement before the walk along the rank key index
        begins."""
        types = ", ".join(["%s"] * len(self.content_type_ids))
        # INDEXED BY: read in the index's order and stop at the limit; left to itself
        # SQLite would sort every page found.
        sql = (
            f"WITH found AS MATERIALIZED (SELECT rowid AS id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) "
            "SELECT COUNT(*), NULL FROM found UNION ALL SELECT * FROM ("
            f"SELECT e.object_id, e.rank_key FROM {ENTRY_TABLE} e INDEXED BY {RANK_KEY_INDEX} "
            f"WHERE e.id IN (SELECT id FROM found) AND e.content_type_id IN ({types}) AND e.rank_key < %s "
            f"ORDER BY {self.standing_sql()[1]} "
            "LIMIT CASE WHEN (SELECT COUNT(*) FROM found) >= %s THEN %s ELSE 0 END)"
        )
        params = [expression, *self.content_type_ids, 1 << OBSOLETE_BIT, limit, limit]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            (reaching, _none), *first = cursor.fetchall()
        return reaching, first

    def from_sql(self):
        return f"{FTS_TABLE} JOIN {ENTRY_TABLE} e ON e.id = {FTS_TABLE}.rowid"

    @staticmethod
    def _in_columns(columns, expression):
        """The FTS5 query: `expression` with each of its words in one of `columns`."""
        return f"{{{' '.join(columns)}}} : ({expression})"

    def _matching(self, columns, expression):
        sql = f"e.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
        return sql, [self._in_columns(columns, expression)]

    def match_sql(self, query):
        return f"{FTS_TABLE} MATCH %s", [self._in_columns(self.columns, fts_expression(query, self.plan.prefix))]

    def heading_sql(self, query):
        return self._matching((self.heading,), fts_expression(query, self.plan.prefix))

    def literal_sql(self, query):
        return self._matching(self.columns, fts_expression(query, self.plan.prefix))

    def near_sql(self, first, second):
        # NEAR counts the words between the two: NEAR_SPAN positions apart is one less.
        return self._matching(self.columns, f"NEAR({_token(first)} {_token(second)}, {NEAR_SPAN - 1})")

    def page_id_sql(self):
        return "CAST(e.object_id AS INTEGER)"


class SQLiteSearchCompiler(RankingCompilerMixin, SegmentingCompilerMixin, sqlite.SQLiteSearchQueryCompiler):
    ranked_search_class = SQLiteRankedSearch


class SQLiteAutocompleteCompiler(
    RankingCompilerMixin, SegmentingCompilerMixin, sqlite.SQLiteAutocompleteQueryCompiler
):
    ranked_search_class = SQLiteRankedSearch
    ranked_search_options = {"columns": ("autocomplete",), "heading": "autocomplete"}
    prefix = True


class SQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    query_compiler_class = SQLiteSearchCompiler
    autocomplete_query_compiler_class = SQLiteAutocompleteCompiler
    index_class = SQLiteIndex
