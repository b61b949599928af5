"""Each searched page's facet values, kept beside its search index entry
(`home.models.SearchFacetValue`) so that a search counts the facets of its results in
one query.

They are written whenever the index writes the page's entry, by a publish or a rebuild
(`core.search.backends.index_entries_written`), from the page's fields as they are
then; and after a migration for the searched pages that have none (a site indexed
before they were kept, pages loaded without indexing)."""

from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from wagtail.models import Page

from capture.models import ExperienceLessonPage, ExperienceLessonTag
from cases.models import CaseStudyPage, CaseStudyTag
from core.id_lists import id_list
from home.models import SearchFacetValue
from home.search.content import TYPE_LABELS
from learning.models import CourseCompetency, CoursePage, CourseTag

TYPE_FACET = "type"
# Pages written per round when filling in after a migration.
FILL_BATCH = 2000


@dataclass(frozen=True)
class Source:
    """Rows that tie a page of `page_model` (`page_field`) to a facet value
    (`value_field`)."""

    page_model: type
    model: type
    page_field: str
    value_field: str

    def copy_sql(self, facet, ids):
        """(SQL, parameters) that copies the values of the pages `ids` (an `id_list`)
        as `facet`."""
        meta, quote = self.model._meta, connection.ops.quote_name
        page = quote(meta.pk.column if self.page_field == "pk" else meta.get_field(self.page_field).column)
        value = quote(meta.get_field(self.value_field).column)
        return _copy_sql(
            f"{page}, %s, CAST({value} AS text)",
            f"{quote(meta.db_table)} WHERE {page} IN ({ids.sql}) AND CAST({value} AS text) <> ''",
            [facet, *ids.params],
        )


def _copy_sql(selected, source, params):
    """(SQL, parameters) inserting the facet values `selected` (page id, facet, value)
    from `source`, which ends in a WHERE clause (SQLite needs one before ON CONFLICT
    in an INSERT … SELECT). Two writes of one page at once (its save and its publish, each
    indexing it) may both insert: the rows are the same, and the second is let go."""
    table = connection.ops.quote_name(SearchFacetValue._meta.db_table)
    sql = f"INSERT INTO {table} (page_id, facet, value) SELECT {selected} FROM {source} ON CONFLICT DO NOTHING"
    return sql, params


def _m2m(page_model, name):
    through = page_model._meta.get_field(name).remote_field.through
    return Source(page_model, through, f"{page_model._meta.model_name}_id", "competency_id")


def _own(page_model, value_field):
    return Source(page_model, page_model, "pk", value_field)


FACET_SOURCES = {
    "competency": [
        _m2m(ExperienceLessonPage, "competencies"),
        _m2m(CaseStudyPage, "competencies"),
        Source(CoursePage, CourseCompetency, "course_id", "competency_id"),
    ],
    "stage": [_own(ExperienceLessonPage, "sales_stage"), _own(CaseStudyPage, "sales_stage")],
    "industry": [_own(ExperienceLessonPage, "industry_id"), _own(CaseStudyPage, "industry_id")],
    "tag": [
        Source(ExperienceLessonPage, ExperienceLessonTag, "content_object_id", "tag_id"),
        Source(CaseStudyPage, CaseStudyTag, "content_object_id", "tag_id"),
        Source(CoursePage, CourseTag, "content_object_id", "tag_id"),
    ],
}


def write_facet_values(model, page_ids):
    """Replace the facet values of the pages `page_ids` of `model` with those their
    fields hold now. The database copies them: at full scale (142,000 pages, 860,000
    values) that takes 8 s, where building them as Django objects took 42."""
    ids = id_list(page_ids)
    # The pages themselves, not the ids as given: one deleted meanwhile gets no row.
    pages = f"{connection.ops.quote_name(Page._meta.db_table)} WHERE id IN ({ids.sql})"
    statements = [_copy_sql("id, %s, %s", pages, [TYPE_FACET, model._meta.model_name, *ids.params])]
    for name, sources in FACET_SOURCES.items():
        statements += [source.copy_sql(name, ids) for source in sources if source.page_model is model]
    with transaction.atomic(), connection.cursor() as cursor:
        SearchFacetValue.objects.filter(page_id__in=ids).delete()
        for sql, params in statements:
            cursor.execute(sql, params)


def write_facets_of_indexed_pages(sender, object_ids, **kwargs):
    if sender in TYPE_LABELS:
        write_facet_values(sender, object_ids)


def fill_missing_facet_values(sender=None, *, using=DEFAULT_DB_ALIAS, **kwargs):
    """post_migrate: facet values for every searched page that has none."""
    if SearchFacetValue._meta.db_table not in connections[using].introspection.table_names():
        return
    typed = SearchFacetValue.objects.filter(facet=TYPE_FACET).values("page_id")
    for model in TYPE_LABELS:
        missing = list(model.objects.exclude(pk__in=typed).order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(missing), FILL_BATCH):
            write_facet_values(model, missing[start : start + FILL_BATCH])
