"""An index on Wagtail's page table for finding a page's children.

`core.tree.children_of` asks for one depth within a range of tree paths. With only
Wagtail's index on the path, the range holds every descendant, so the main menu (the
home page's children) read the whole site: 37 ms at 140,000 pages, on every page whose
menu was not cached. On (depth, path) the range holds only the children.
Wagtail's model is not ours to change, so the index is plain SQL, the same on SQLite
and PostgreSQL."""

from django.db import migrations

INDEX = "core_page_depth_path"


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_pagestewardship"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            f'CREATE INDEX IF NOT EXISTS {INDEX} ON "wagtailcore_page" ("depth", "path")',
            reverse_sql=f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
