"""Making simultaneous requests and jobs take turns."""

import zlib

from django.contrib.auth import get_user_model
from django.db import connection


def take_turns(user):
    """Hold the person's row until the current transaction ends, so their concurrent
    requests (a double click, a retry, two tabs) run one after another and each later
    one sees what the first wrote. PostgreSQL waits on the row lock; SQLite lets one
    writer in at a time anyway."""
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))


def one_at_a_time(name):
    """Hold a lock named `name` until the current transaction ends, so jobs that must
    not interleave (two imports of the staff list) run one after another. PostgreSQL
    waits on an advisory lock; SQLite lets one writer in at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(name.encode())])
