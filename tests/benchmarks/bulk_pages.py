"""Writing tens of thousands of Wagtail pages fast enough to benchmark with: tree paths
computed as treebeard would, the page rows with `bulk_create`, and the specific rows
(multi-table inheritance, which `bulk_create` refuses) with one parameterised INSERT
per batch. The benchmarks of each listing (lessons, cases) use it."""

import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from wagtail.models import Locale, Page

from core.models import PageEngagement

BATCH = 2000


def bulk_child_pages(parent, model, *, count, title, slug_prefix, fill, relate):
    """Add `count` live `model` pages under `parent`, newest first by number.

    `title(n)` names page n; `fill(template, n)` sets page n's own fields on a reused
    unsaved instance; `relate(ids, offset)` adds rows that point at a batch of pages."""
    content_type = ContentType.objects.get_for_model(model)
    locale = Locale.get_default()
    start = parent.get_children().count()
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        offset = start + made
        pages = [
            _page_row(parent, n, title(n), f"{slug_prefix}-{n}", content_type, locale)
            for n in range(offset, offset + size)
        ]
        Page.objects.bulk_create(pages)
        ids = list(
            Page.objects.filter(path__in=[page.path for page in pages]).order_by("path").values_list("pk", flat=True)
        )
        _insert_specific_rows(model, ids, offset, fill)
        relate(ids, offset)
        made += size
    Page.objects.filter(pk=parent.pk).update(numchild=start + count)
    if connection.vendor == "postgresql":
        # PostgreSQL checks the new rows' foreign keys at commit, each with a plan this
        # connection made when the tables were small: a scan of the whole page table per
        # row, which never finished at 100,000 pages. Fresh statistics replan it.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Page._meta.db_table}, {model._meta.db_table}")


def _page_row(parent, n, title, slug, content_type, locale):
    published = timezone.now() - timezone.timedelta(minutes=n)
    return Page(
        title=title,
        draft_title=title,
        slug=slug,
        content_type=content_type,
        path=parent._get_path(parent.path, parent.depth + 1, n + 1),
        depth=parent.depth + 1,
        numchild=0,
        url_path=f"{parent.url_path}{slug}/",
        live=True,
        has_unpublished_changes=False,
        first_published_at=published,
        last_published_at=published,
        locale=locale,
        translation_key=uuid.uuid4(),
    )


def _insert_specific_rows(model, ids, offset, fill):
    template = model()
    fields = [field for field in model._meta.local_concrete_fields if not field.primary_key]
    columns = ["page_ptr_id", *(field.column for field in fields)]
    rows = []
    for index, page_id in enumerate(ids):
        fill(template, offset + index)
        rows.append(
            [page_id, *(field.get_db_prep_save(field.pre_save(template, True), connection) for field in fields)]
        )
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})", rows)


def relate_at_random(ids, *, tagged, competency_through, tags, competencies, most_comments):
    """Give each page two of `tags` (through `tagged`, a TaggedItemBase), two of the
    `competencies` (through the page's M2M `competency_through`) and engagement
    totals, as a listing's facets and sorting would meet them."""
    page_column = next(
        field.attname for field in competency_through._meta.fields if field.attname not in ("id", "competency_id")
    )
    tagged.objects.bulk_create(
        tagged(content_object_id=page_id, tag=tag) for page_id in ids for tag in random.sample(tags, 2)
    )
    competency_through.objects.bulk_create(
        competency_through(**{page_column: page_id, "competency_id": competency_id})
        for page_id in ids
        for competency_id in random.sample(competencies, 2)
    )
    PageEngagement.objects.bulk_create(
        PageEngagement(
            page_id=page_id, helpful_count=random.randint(0, 40), comment_count=random.randint(0, most_comments)
        )
        for page_id in ids
    )
