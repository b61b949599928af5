"""Readiness: can this app server do its job right now? Each check names the part it
looks at and says what is wrong in a line an operator can act on.

Liveness (/healthz) only proves the process answers; readiness (/readyz) also asks the
database, the shared cache and the background task queue.
"""

import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.utils import timezone


@dataclass(frozen=True)
class CheckResult:
    part: str
    ok: bool
    detail: str


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        return CheckResult("database", False, f"unreachable: {type(error).__name__}")
    return CheckResult("database", True, connection.vendor)


def check_cache():
    """A round trip through the shared cache. The Redis backend turns outages into
    misses (so pages keep working), which is why a write is read back here."""
    cache = caches["default"]
    key = f"readiness-probe-{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", 10)
        value = cache.get(key)
        cache.delete(key)
    except Exception as error:
        return CheckResult("cache", False, f"unreachable: {type(error).__name__}")
    if value != "ok":
        return CheckResult("cache", False, "a value written could not be read back")
    return CheckResult("cache", True, type(cache).__module__)


def check_task_queue():
    """How long the oldest task ready to run has waited. A stopped worker shows here
    as a backlog that only grows."""
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db"):
        return CheckResult("tasks", True, "run in-process")
    from django_tasks_db.models import DBTaskResult

    try:
        oldest = DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    except Exception as error:
        return CheckResult("tasks", False, f"queue unreadable: {type(error).__name__}")
    if oldest is None:
        return CheckResult("tasks", True, "no backlog")
    waited = (timezone.now() - oldest).total_seconds()
    limit = settings.TASK_BACKLOG_MAX_AGE
    if waited > limit:
        return CheckResult(
            "tasks", False, f"oldest task waiting {waited:.0f} s (limit {limit} s): is a worker running?"
        )
    return CheckResult("tasks", True, f"oldest task waiting {waited:.0f} s")


CHECKS = (check_database, check_cache, check_task_queue)


def readiness():
    """Every check's result and how long they took together."""
    started = time.perf_counter()
    results = [check() for check in CHECKS]
    return results, time.perf_counter() - started
