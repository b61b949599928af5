"""PostgreSQL: one GIN index over each search index entry's title and body joined, so
a whole query, however many words and synonyms, is one index lookup. The expression
must stay the one `core.search.postgres_backend.joined_words` writes (a test checks
that searches use this index): the title's words, a position no query can name, then
the body's. modelsearch's index on each column stays: the ranking's questions about
the title alone, or about a phrase within one column, use them.

The table is analysed at once: PostgreSQL keeps statistics of an index's expression
only from the next ANALYZE, and until then guesses that every word is rare."""

from django.db import migrations

TABLE = "wagtailsearch_indexentry"
INDEX = "core_search_entry_words"
JOINED_WORDS = "(title || ''' '':1'::tsvector || body)"


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING gin ({JOINED_WORDS})")
    schema_editor.execute(f"ANALYZE {TABLE}")


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("core", "0008_search_rank_key_on_sqlite")]

    operations = [migrations.RunPython(add_index, remove_index)]
