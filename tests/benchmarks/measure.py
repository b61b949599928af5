import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User

WARMUP = 3


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
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            _get(client, url)
            timings.append(time.perf_counter() - started)
        queries = max(queries, len(captured.captured_queries))
    return timings, queries


def _get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}; the benchmark measures working pages only")
    return response
