"""The Chinese-aware search backend on PostgreSQL's text search (see
`core.search.backends`)."""

from django.db.models import F, Q
from modelsearch.backends.database.postgres import postgres

from core.search.backends import SegmentingCompilerMixin, SegmentingIndexer


class PostgresIndexer(SegmentingIndexer, postgres.ObjectIndexer):
    pass


# modelsearch builds indexers by their module-level name and offers no setting for the
# class, so we point that name at ours; this module loads only when PostgreSQL is in use.
postgres.ObjectIndexer = PostgresIndexer


class RankedIdsMixin:
    # The index columns searched, each with the weight of its rank.
    RANKED_COLUMNS = (("title", F("title_norm")), ("body", 1.0))

    def ranked_object_ids(self, *, content_type_ids, limit):
        """The ids of the best `limit` matches, best first. Each column is matched on
        its own, so PostgreSQL can use its GIN index, where modelsearch's own query
        concatenates the columns and must read every entry."""
        if not self.has_words:
            return []
        config = "simple"
        search_query = self.build_tsquery(self.query, config=config)
        matches = Q()
        rank = None
        for column, weight in self.RANKED_COLUMNS:
            matches |= Q(**{column: search_query})
            column_rank = self.build_tsrank(F(column), self.query, config=config) * weight
            rank = column_rank if rank is None else rank + column_rank
        return list(
            postgres.IndexEntry.objects.filter(matches, content_type_id__in=content_type_ids)
            .annotate(score=rank)
            .order_by("-score", "-object_id")
            .values_list("object_id", flat=True)[:limit]
        )


class PostgresSearchCompiler(RankedIdsMixin, SegmentingCompilerMixin, postgres.PostgresSearchQueryCompiler):
    pass


class PostgresAutocompleteCompiler(
    RankedIdsMixin, SegmentingCompilerMixin, postgres.PostgresAutocompleteQueryCompiler
):
    RANKED_COLUMNS = (("autocomplete", 1.0),)


class PostgresSearchBackend(postgres.PostgresSearchBackend):
    query_compiler_class = PostgresSearchCompiler
    autocomplete_query_compiler_class = PostgresAutocompleteCompiler

    def __init__(self, params):
        # "simple" (RankedIdsMixin assumes it too): words are already cut and lower-cased, and SQLite neither stems nor
        # drops stop words, so PostgreSQL must not either for the two to agree.
        super().__init__({"SEARCH_CONFIG": "simple", **params})
