"""A page's rank key sorts as its standing among equal search matches: current before
obsolete, then more helpful votes, then published more recently, never published last."""

import datetime

from core.search.rank_keys import DEFAULT_RANK_KEY, decode, rank_key

UTC = datetime.UTC


def at(day, millisecond=0):
    return datetime.datetime(2026, 11, day, 9, 0, 0, millisecond * 1000, tzinfo=UTC)


def test_keys_sort_as_pages_stand():
    standings = [
        {"obsolete": False, "helpful": 3, "published": at(1)},
        {"obsolete": False, "helpful": 1, "published": at(20, 2)},
        {"obsolete": False, "helpful": 1, "published": at(20, 1)},
        {"obsolete": False, "helpful": 0, "published": at(30)},
        {"obsolete": False, "helpful": 0, "published": None},
        {"obsolete": True, "helpful": 50, "published": at(30)},
        {"obsolete": True, "helpful": 0, "published": None},
    ]
    keys = [rank_key(**standing) for standing in standings]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert all(0 <= key < 2**63 for key in keys)


def test_a_key_gives_back_what_it_was_made_from():
    for standing in [(False, 7, at(2, 345)), (True, 0, None), (False, 40000, at(3))]:
        obsolete, helpful, published = standing
        assert decode(rank_key(obsolete=obsolete, helpful=helpful, published=published)) == (
            obsolete,
            min(helpful, 2**15 - 1),
            published,
        )


def test_an_entry_without_a_page_stands_as_a_page_never_published():
    assert decode(DEFAULT_RANK_KEY) == (False, 0, None)
    assert rank_key(obsolete=False, helpful=0, published=None) == DEFAULT_RANK_KEY
