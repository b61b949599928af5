"""PostgreSQL: each search index entry carries its page's place among equal matches
(`core.search.rank_keys`), under an index that reads matches in that order.

The entry table is modelsearch's, so the column is plain SQL, added only where it is
used. Existing entries get their keys here, computed in SQL as `rank_key` computes them
in Python (tests/core/test_rank_keys.py checks that the two agree)."""

from django.db import migrations

from core.search.rank_keys import DEFAULT_RANK_KEY, HELPFUL_CAP, HELPFUL_SHIFT, OBSOLETE_BIT, PUBLISHED_CAP

TABLE = "wagtailsearch_indexentry"
INDEX = "core_search_entry_rank"

KEYS_OF_EXISTING_ENTRIES = f"""
UPDATE {TABLE} e SET rank_key =
    (CASE WHEN st.obsolete_at IS NOT NULL THEN 1::bigint << {OBSOLETE_BIT} ELSE 0 END)
    | (({HELPFUL_CAP} - LEAST(COALESCE(g.helpful_count, 0), {HELPFUL_CAP}))::bigint << {HELPFUL_SHIFT})
    | ({PUBLISHED_CAP} - LEAST(GREATEST(
        COALESCE(FLOOR(EXTRACT(EPOCH FROM p.last_published_at) * 1000)::bigint, 0), 0), {PUBLISHED_CAP}))
FROM wagtailcore_page p
LEFT JOIN core_pageengagement g ON g.page_id = p.id
LEFT JOIN core_pagestewardship st ON st.page_id = p.id
WHERE e.object_id = p.id::text AND e.content_type_id = p.content_type_id
"""


def add_rank_key(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS rank_key bigint NOT NULL DEFAULT {DEFAULT_RANK_KEY}"
    )
    # Equal keys (pages published in the same millisecond) are few: PostgreSQL sorts
    # each run of them by id as it reads.
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} (rank_key)")
    schema_editor.execute(KEYS_OF_EXISTING_ENTRIES)


def remove_rank_key(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS rank_key")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_index_page_children"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(add_rank_key, remove_rank_key)]
