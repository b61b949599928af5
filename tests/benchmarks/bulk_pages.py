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

from accounts.models import User
from core.models import Comment, PageEngagement

BATCH = 2000


def bulk_child_pages(parent, model, *, count, title, slug_prefix, fill, relate):
    """Add `count` live `model` pages under `parent`, newest first by number.

    `title(n)` names page n; `fill(template, n)` sets page n's own fields on a reused
    unsaved instance; `relate(ids, offset)` adds rows that point at a batch of pages."""
    start = parent.get_children().count()
    places = [(parent, n) for n in range(start, start + count)]
    _bulk_pages(places, model, title=title, slug=lambda n: f"{slug_prefix}-{n}", fill=fill, relate=relate, first=start)
    Page.objects.filter(pk=parent.pk).update(numchild=start + count)
    _analyse(model)


def bulk_children_of_each(parents, model, *, per_parent, title, slug_prefix, fill):
    """Add `per_parent` live `model` pages under each of `parents`, which have none yet:
    a course's lessons, for each of thousands of courses. Page n (counting across all
    parents) is named `title(n)` and filled by `fill(template, n)`."""
    # In order of path, so that each batch's pages, read back by path, are in order.
    parents = sorted(parents, key=lambda parent: parent.path)
    places = [(parent, position) for parent in parents for position in range(per_parent)]
    _bulk_pages(places, model, title=title, slug=lambda n: f"{slug_prefix}-{n % per_parent}", fill=fill)
    Page.objects.filter(pk__in=[parent.pk for parent in parents]).update(numchild=per_parent)
    _analyse(model)


def _bulk_pages(places, model, *, title, slug, fill, relate=None, first=0):
    """A page of `model` at each (parent, position) of `places`; page n of them is
    number `first + n` for `title`, `slug`, `fill` and `relate`."""
    content_type = ContentType.objects.get_for_model(model)
    locale = Locale.get_default()
    for made in range(0, len(places), BATCH):
        offset = first + made
        pages = [
            _page_row(
                parent, position, offset + index, title(offset + index), slug(offset + index), content_type, locale
            )
            for index, (parent, position) in enumerate(places[made : made + BATCH])
        ]
        Page.objects.bulk_create(pages)
        ids = list(
            Page.objects.filter(path__in=[page.path for page in pages]).order_by("path").values_list("pk", flat=True)
        )
        _insert_specific_rows(model, ids, offset, fill)
        if relate:
            relate(ids, offset)


def _analyse(model):
    if connection.vendor == "postgresql":
        # PostgreSQL checks the new rows' foreign keys at commit, each with a plan this
        # connection made when the tables were small: a scan of the whole page table per
        # row, which never finished at 100,000 pages. Fresh statistics replan it.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Page._meta.db_table}, {model._meta.db_table}")


def _page_row(parent, position, n, title, slug, content_type, locale):
    published = timezone.now() - timezone.timedelta(minutes=n)
    return Page(
        title=title,
        draft_title=title,
        slug=slug,
        content_type=content_type,
        path=parent._get_path(parent.path, parent.depth + 1, position + 1),
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


def discussion(page, count):
    """Three comments in four start a thread; the rest reply to a recent thread."""
    authors = list(User.objects.values_list("pk", flat=True)[:200])
    threads = []
    for n in range(count):
        parent = threads[-1] if threads and n % 4 == 3 else None
        comment = Comment.objects.create(
            page=page,
            author_id=authors[n % len(authors)],
            parent=parent,
            body=f"第{n}条讨论：我们组也遇到过类似情况。",
        )
        if parent is None:
            threads.append(comment)
    shown = Comment.objects.filter(page=page).count()
    PageEngagement.objects.update_or_create(page=page, defaults={"comment_count": shown})
