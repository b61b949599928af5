"""SQLite: each search index entry carries its page's place among equal matches
(`core.search.rank_keys`), as on PostgreSQL since 0007, so both databases order equal
scores by the same stored number and SQLite no longer joins three tables for every
match to find it.

The keys of existing entries are computed in Python with `rank_key` itself: SQLite's
date functions work in floating point and could put a publication a millisecond off.
modelsearch's trigger copied an entry to the full-text table on every update of any
column; it now does so only when the text changes, or each vote would rewrite the
page's words."""

from datetime import datetime

from django.db import migrations

from core.search.rank_keys import DEFAULT_RANK_KEY, EPOCH, rank_key

TABLE = "wagtailsearch_indexentry"
FTS_TABLE = "wagtailsearch_indexentry_fts"
INDEX = "core_search_entry_rank"
TRIGGER = "update_wagtailsearch_indexentry_fts"
TEXT_COPIED = (
    f"BEGIN UPDATE {FTS_TABLE} SET title=NEW.title, body=NEW.body, autocomplete=NEW.autocomplete "
    "WHERE rowid=NEW.id; END"
)
STANDINGS_OF_EXISTING_ENTRIES = f"""
SELECT e.id, p.last_published_at, COALESCE(g.helpful_count, 0), st.obsolete_at IS NOT NULL
FROM {TABLE} e
JOIN wagtailcore_page p ON e.object_id = CAST(p.id AS TEXT) AND e.content_type_id = p.content_type_id
LEFT JOIN core_pageengagement g ON g.page_id = p.id
LEFT JOIN core_pagestewardship st ON st.page_id = p.id
"""


def has_full_text_table(cursor):
    """Wagtail makes the FTS5 table only where SQLite was built with FTS5."""
    cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [FTS_TABLE])
    return cursor.fetchone() is not None


def published_at(stored):
    """Django keeps SQLite datetimes as UTC text, which its connection hands back as
    naive datetimes."""
    if not stored:
        return None
    moment = stored if isinstance(stored, datetime) else datetime.fromisoformat(stored)
    return moment.replace(tzinfo=EPOCH.tzinfo)


def add_rank_key(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} ADD COLUMN rank_key bigint NOT NULL DEFAULT {DEFAULT_RANK_KEY}")
    schema_editor.execute(f"CREATE INDEX {INDEX} ON {TABLE} (rank_key)")
    with schema_editor.connection.cursor() as cursor:
        if has_full_text_table(cursor):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}")
            schema_editor.execute(
                f"CREATE TRIGGER {TRIGGER} AFTER UPDATE OF title, body, autocomplete ON {TABLE} {TEXT_COPIED}"
            )
        set_keys_of_existing_entries(cursor)


def set_keys_of_existing_entries(cursor):
    cursor.execute(STANDINGS_OF_EXISTING_ENTRIES)
    keys = [
        (rank_key(obsolete=bool(obsolete), helpful=helpful, published=published_at(published)), entry_id)
        for entry_id, published, helpful, obsolete in cursor.fetchall()
    ]
    cursor.executemany(f"UPDATE {TABLE} SET rank_key = %s WHERE id = %s", keys)


def remove_rank_key(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        if has_full_text_table(cursor):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}")
            schema_editor.execute(f"CREATE TRIGGER {TRIGGER} AFTER UPDATE ON {TABLE} {TEXT_COPIED}")
    schema_editor.execute(f"DROP INDEX {INDEX}")
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN rank_key")


class Migration(migrations.Migration):
    dependencies = [("core", "0007_search_rank_key")]

    operations = [migrations.RunPython(add_rank_key, remove_rank_key)]
