"""The Chinese-aware search backend on PostgreSQL's text search (see
`core.search.backends`)."""

import json
import math

from django.db import connection
from django.utils.functional import cached_property
from modelsearch.backends.database.postgres import postgres
from modelsearch.utils import get_content_type_pk

from core.search.backends import (
    PreparedWritesMixin,
    RankingCompilerMixin,
    SegmentingCompilerMixin,
    SegmentingIndexer,
    VersionedIndexMixin,
)
from core.search.rank_keys import entry_rank_keys
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


ENTRY_COLUMNS = "content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text, rank_key"
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

    def write_rows(self, model, rows):
        content_type_pk = get_content_type_pk(model)
        table = postgres.IndexEntry._meta.db_table
        with self.write_connection.cursor() as cursor:
            for start in range(0, len(rows), ROWS_PER_STATEMENT):
                batch = rows[start : start + ROWS_PER_STATEMENT]
                keys = entry_rank_keys(model, [row[0] for row in batch])
                values, params = [], []
                for object_id, title, autocomplete, body, title_text, body_text in batch:
                    vectors = [_vector_sql(vector) for vector in (title, autocomplete, body)]
                    values.append(f"(%s, %s, {vectors[0][0]}, {vectors[1][0]}, {vectors[2][0]}, 1.0, %s, %s, %s)")
                    params += [content_type_pk, object_id, *vectors[0][1], *vectors[1][1], *vectors[2][1]]
                    params += [title_text, body_text, keys[object_id]]
                cursor.execute(
                    f"INSERT INTO {table} ({ENTRY_COLUMNS}) VALUES {', '.join(values)} "
                    "ON CONFLICT (content_type_id, object_id) DO UPDATE SET title = EXCLUDED.title, "
                    "title_norm = 1.0, autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body, "
                    "title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text, rank_key = EXCLUDED.rank_key",
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


def tsquery_expression(query, prefix=False):
    """The whole query (And / Or over words and phrases) as `to_tsquery` text."""

    def combine(is_and, parts):
        return "(" + (" & " if is_and else " | ").join(f"({part})" for part, _params in parts) + ")", []

    def word(leaf, prefix):
        return tsquery_text(leaf, prefix), []

    return render(query, word=word, combine=combine, prefix=prefix)[0]


# Between one column's words and the next's, a position held by a lexeme no query can
# name (a space: queries are split on spaces), so a phrase never runs from the end of
# the title into the body, as on SQLite, where a phrase is matched within one column.
COLUMN_GAP = "''' '':1'::tsvector"


def joined_words(columns):
    """The tsvector of the index entry's `columns` joined, as core migration 0009
    indexes it for ("title", "body")."""
    return "(" + f" || {COLUMN_GAP} || ".join(f"e.{column}" for column in columns) + ")"


class PostgresRankedSearch(RankedSearch):
    """The best of a common word are found by reading its matches in order of their
    entries' `rank_key`, without scoring them all (`rows`)."""

    # Read this many matches per result wanted, in order of standing, before deciding
    # whether the best are among them.
    WALK_PER_RESULT = 1
    SHORTEST_WALK = 200
    # Reading N matches in order of standing visits about N / density entries, where
    # the density is the share of entries that match; scoring every match reads each
    # once. So matches are read in order only where N / density stays below the
    # matches, with this margin.
    WALK_MARGIN = 2
    # The first read looks only among the entries that stand highest, this many
    # times as many as it should need if the matches were spread evenly: matches that
    # mostly stand lower (a batch of old pages) made it read nearly every entry
    # (20,000 matches that stood last took 550 ms to reach, against 70 ms to score).
    WALK_RANGE = 2

    def from_sql(self):
        return f"{postgres.IndexEntry._meta.db_table} e"

    def rows(self, *, limit=None, object_id=None):
        """The best `limit` matches, found score level by score level.

        The first matches in order of standing are read and scored. A match read
        later can only beat the last of the best by scoring more, and among equals
        the one read first wins. So the unread matches that score more are looked
        up: through the text indexes where the combinations of answers that would
        score more are few and so are those matches, else by reading on in order of
        standing, keeping only those, until enough are found to lift the bar. Each
        round lifts it, so rounds are as few as the scores a query can reach. Where
        the matches are not many, or too few stand among the highest, every match
        is scored instead."""
        if limit is None or object_id is not None:
            return super().rows(limit=limit, object_id=object_id)
        walk = max(limit * self.WALK_PER_RESULT, self.SHORTEST_WALK)
        matches, entries = self.estimated_matches(), self.entries
        if self.plan.prefix:
            # PostgreSQL has no statistics for the start of a word and guesses few
            # matches; the word itself, which each of its longer forms adds to, is
            # a floor it does know (客户 in 78,000 titles at full scale).
            matches = max(matches, self.estimated_matches(whole_words=True))

        def worth_a_walk(matches):
            return walk * self.WALK_MARGIN <= matches * matches / max(entries, matches, 1)

        if len(self.plan.groups) > 1 and not worth_a_walk(matches):
            # PostgreSQL takes the words of a query to be independent and multiplies
            # their shares, while the words of a query mostly come together (集团 V
            # 网: 450 guessed, 20,000 found), so it often guessed too few to be worth
            # a walk and every match was scored. No more can match than match its
            # rarest word; a walk over fewer costs one short read, then scoring.
            matches = max(matches, self.most_matches(enough=worth_a_walk))
        if not worth_a_walk(matches):
            return super().rows(limit=limit)
        within = walk * entries / max(matches, 1) * self.WALK_RANGE
        bound = self._standing_bound(entries, within)
        read = self.fetch(*self.query(limit=walk, ranked=False, condition=bound))
        if read and len(read) < walk and bound[0]:
            # Fewer matches stood among the highest than the estimate promised. Where
            # the density they were found at says the rest lie not far behind, read on
            # that far once before scoring every match: 对手 降价 found 933 of 1,000
            # there, and then scored all 9,900.
            within *= walk / len(read) * self.WALK_RANGE
            if within < entries / 2:
                bound = self._standing_bound(entries, within)
                further = self._after(read[-1])
                condition = f"{further[0]} AND {bound[0]}", [*further[1], *bound[1]]
                read += self.fetch(*self.query(limit=walk - len(read), ranked=False, condition=condition))
        if len(read) < walk and not bound[0]:
            return self._best(read, limit)
        if len(read) < limit:
            # Too few of the matches stand among the highest to fill the best.
            return super().rows(limit=limit)
        # Read in order of standing, which says nothing of the words: the share of
        # these that score more than a bar is the share of all matches that do.
        sample = list(read)
        signals = [signal for signal in self.weighted_signals() if signal[0] != "FALSE"]
        highest = sum(weight for _sql, _params, weight in signals)
        while True:
            best = self._best(read, limit)
            last, edge = best[-1], read[-1]
            if last.demoted < edge.demoted or last.score >= highest:
                return best
            after_edge = self._after(edge)
            # Enough of the later matches that score more than the bar to fill the
            # best without the read ones that do not: the bar then rises.
            wanted = limit - sum(1 for row in best if row.score > last.score)
            contenders = self._contenders(after_edge, signals, last.score)
            if contenders is not None:
                # Looking them all up reads each once; reading on until `wanted` of
                # them are found reads about wanted * matches / contenders entries.
                # PostgreSQL's estimate is a guess from each word's frequency alone,
                # several times too high for words that come together.
                share = sum(1 for row in sample if row.score > last.score) / len(sample)
                estimate = share * matches or self.estimated_matches(contenders)
                if estimate * estimate <= wanted * matches:
                    return self._best(read + self.fetch(*self.query(limit=limit, condition=contenders)), limit)
            found = self.fetch(
                *self.query(limit=wanted, ranked=False, condition=self._scoring_more(after_edge, signals, last.score))
            )
            read += found
            if len(found) < wanted:
                return self._best(read, limit)

    def _standing_bound(self, entries, within):
        """(SQL, parameters) of the `within` entries that stand highest, about, from
        PostgreSQL's statistics of rank_key (which autovacuum keeps); no condition
        where those are most entries or the statistics are missing."""
        if within >= entries / 2:
            return "", []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT histogram_bounds::text::bigint[] FROM pg_stats WHERE tablename = %s AND attname = 'rank_key'",
                [postgres.IndexEntry._meta.db_table],
            )
            found = cursor.fetchone()
        bounds = found[0] if found else None
        if not bounds:
            return "", []
        return "e.rank_key < %s", [bounds[min(len(bounds) - 1, int(within / entries * (len(bounds) - 1)) + 1)]]

    def _best(self, rows, limit):
        """The best `limit` of the rows, in the order `RankedSearch.query` gives."""
        rows = sorted(rows, key=lambda row: (len(row.object_id), row.object_id), reverse=True)
        rows.sort(key=lambda row: (row.demoted, -row.score, row.standing_key))
        return rows[:limit]

    def _after(self, row):
        """(SQL, parameters) of the entries that stand after `row` in the order of
        `standing_sql`; the first comparison lets the rank_key index find them."""
        key, length = row.standing_key, len(row.object_id)
        sql = (
            "e.rank_key >= %s AND (e.rank_key > %s OR LENGTH(e.object_id) < %s "
            "OR (LENGTH(e.object_id) = %s AND e.object_id < %s))"
        )
        return sql, [key, key, length, length, row.object_id]

    def _contenders(self, after_edge, signals, score):
        """(SQL, parameters) of the later matches that score more than `score`, as
        combinations of answers the text indexes can look up; None when the
        combinations are too many to plan well."""
        ways = self.ways_to_beat(signals, score)
        if ways is None:
            return None
        condition = " OR ".join("(" + " AND ".join(sql for sql, _params, _weight in way) + ")" for way in ways)
        params = [param for way in ways for _sql, way_params, _weight in way for param in way_params]
        return f"{after_edge[0]} AND ({condition})", [*after_edge[1], *params]

    @staticmethod
    def _scoring_more(after_edge, signals, score):
        """(SQL, parameters) of the later matches that score more than `score`, as
        the sum itself: checked on each match read in order of standing."""
        total = " + ".join(f"(CASE WHEN {sql} THEN {weight} ELSE 0 END)" for sql, _params, weight in signals)
        params = [param for _sql, signal_params, _weight in signals for param in signal_params]
        return f"{after_edge[0]} AND ({total}) > %s", [*after_edge[1], *params, score]

    def estimated_matches(self, condition=("", []), *, whole_words=False, match=None):
        """How many entries PostgreSQL expects to match (and meet `condition`), from
        its statistics of the words' frequencies. Planning costs a millisecond or two;
        counting would read every match. `whole_words`: the last word not taken as the
        start of a longer one. `match`: (SQL, parameters) to estimate instead of the plan's."""
        if whole_words:
            match = self._matching(self.plan.match, prefix=False)
        where, params = self._match_where(condition, match)
        sql = f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {self.from_sql()} WHERE {' AND '.join(where)}"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return plan[0]["Plan"]["Plan Rows"]

    def most_matches(self, *, enough):
        """How many entries PostgreSQL expects to match the rarest ranked word of the
        query, as many as can match all of them; asked word by word only until one is
        expected to match too few to be `enough` (a function of the count)."""
        fewest = math.inf
        for group in self.plan.ranked_groups:
            fewest = min(fewest, self.estimated_matches(match=self._matching(group.match, prefix=False)))
            if not enough(fewest):
                break
        return fewest

    @cached_property
    def entries(self):
        """How many entries the index holds, as PostgreSQL last counted them: asked
        once per search, however many estimates it makes."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [postgres.IndexEntry._meta.db_table]
            )
            return cursor.fetchone()[0]

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

    def _matching(self, query, prefix):
        """(SQL, parameters) of the entries matching `query`: the whole query as one
        text search over the columns joined, which one GIN index answers (core
        migration 0009). Asked column by column, word by word, PostgreSQL costed each
        of a query's twenty-odd index probes like a tenth of the table and read every
        entry instead: 竞争对手 降价, with its synonyms, took 100 ms to find 2,232
        matches that the joined index finds in 11."""
        sql = f"{joined_words(self.columns)} @@ to_tsquery('simple', %s)"
        return sql, [tsquery_expression(query, prefix)]

    def match_sql(self, query):
        return self._matching(query, self.plan.prefix)

    def match_in_order_sql(self, query):
        # Read in order of standing, each entry is checked as it comes, without the
        # joined index: column by column, word by word, which stops at the first
        # answer, costs half of joining the columns for every row read.
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
