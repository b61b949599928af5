import contextlib
import time

from django.db import connection
from django.test import Client

from accounts.models import User

WARMUP = 3


class QueryCount:
    """How many SQL statements ran (a COMMIT is not one), counted by a wrapper around
    each. Django's CaptureQueriesContext turns on the debug cursor, which on SQLite
    asks the database once more per statement to quote its parameters for the log: a
    submission of twenty statements timed 0.9 ms slower than it serves, where the stock
    page it is compared with is timed with no capture at all."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


@contextlib.contextmanager
def counting_queries():
    counter = QueryCount()
    with connection.execute_wrapper(counter):
        yield counter


def measure(page, facts, *, requests):
    """Time `requests` GETs of the page after a warm-up; return (seconds list, max queries)."""
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-CN")
    if page.as_user == "director":
        client.force_login(User.objects.get(username=facts.director_username))
    url = page.url(facts)
    for _ in range(WARMUP):
        _get(client, url)
    timings, queries = [], 0
    for _ in range(requests):
        with counting_queries() as counted:
            started = time.perf_counter()
            _get(client, url)
            timings.append(time.perf_counter() - started)
        queries = max(queries, counted.count)
    return timings, queries


def _get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}; the benchmark measures working pages only")
    return response
