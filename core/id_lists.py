"""Filtering by a long list of ids with one query parameter.

`filter(pk__in=ids)` with a search's thousand results makes Django prepare each id
and the database parse a thousand placeholders, ten times per search (the visible
pages, each facet's source): about half of a cold search's facet time at full scale.
`pk__in=id_list(ids)` sends the ids as one JSON array (SQLite's `json_each`) or one
integer array (PostgreSQL's `unnest`) instead."""

import json

from django.db import connection
from django.db.models.expressions import RawSQL


def id_list(ids):
    """A subquery of the integer `ids`, for `__in` lookups."""
    ids = [int(pk) for pk in ids]
    if connection.vendor == "postgresql":
        # As array text, not a list: psycopg dumps a list element by element, with a
        # pattern match on each, 1.5 ms for a thousand ids against 0.1 ms as text.
        return RawSQL("SELECT unnest(%s::bigint[])", ("{" + ",".join(map(str, ids)) + "}",))
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),))
