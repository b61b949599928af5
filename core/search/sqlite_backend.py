"""The Chinese-aware search backend on SQLite's FTS5 (see `core.search.backends`)."""

from django.db.models import F
from modelsearch.backends.database.sqlite import sqlite
from modelsearch.backends.database.sqlite.query import MatchExpression

from core.search.backends import SegmentingCompilerMixin, SegmentingIndexer


class SQLiteIndexer(SegmentingIndexer, sqlite.ObjectIndexer):
    pass


# modelsearch builds indexers by their module-level name and offers no setting for the
# class, so we point that name at ours; this module loads only when SQLite is in use.
sqlite.ObjectIndexer = SQLiteIndexer


class RankedIdsMixin:
    def ranked_object_ids(self, *, content_type_ids, limit):
        """The ids of the best `limit` matches, best first, straight from the full-text
        table: one ranked scan, where modelsearch's own ordering re-runs the match
        once per matching row."""
        if not self.has_words:
            return []
        match = MatchExpression(self.FTS_TABLE_FIELDS, self.build_search_query(self.query))
        rank = self._build_rank_expression(self.get_index_vectors(), None)
        return list(
            sqlite.SQLiteFTSIndexEntry.objects.filter(match)
            .filter(index_entry__content_type_id__in=content_type_ids)
            .annotate(score=rank)
            # bm25() is lower for better matches.
            .order_by("score", F("index_entry__object_id").desc())
            .values_list("index_entry__object_id", flat=True)[:limit]
        )


class SQLiteSearchCompiler(RankedIdsMixin, SegmentingCompilerMixin, sqlite.SQLiteSearchQueryCompiler):
    pass


class SQLiteAutocompleteCompiler(RankedIdsMixin, SegmentingCompilerMixin, sqlite.SQLiteAutocompleteQueryCompiler):
    pass


class SQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    query_compiler_class = SQLiteSearchCompiler
    autocomplete_query_compiler_class = SQLiteAutocompleteCompiler
