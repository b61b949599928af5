"""Parts of the stack failing: readiness names the part, and the app servers keep
serving what they can."""

import time
import uuid

import pytest
import requests

from tests.production.admin import add_search_term, signed_in
from tests.production.client import SiteClient

pytestmark = pytest.mark.production_stack


def readiness(url):
    response = requests.get(f"{url}/readyz", timeout=10)
    return response.status_code, response.json()


def test_with_redis_down_pages_still_serve_and_readiness_names_the_cache(stack):
    learner = signed_in(stack.urls[1], "learner")
    stack.stop_redis()
    try:
        for url in stack.urls:
            status, body = readiness(url)
            assert status == 503
            assert body["failing"] == ["cache"]
            visitor = SiteClient(url)
            for path in ("/", "/lessons/", "/cases/", "/courses/", "/search/?q=客户", "/search/suggest/?q=客户"):
                assert visitor.get(path).status_code == 200, path
        # Sessions live in the database: signing in and staying signed in still work.
        assert learner.on(stack.urls[0]).get("/growth/").status_code == 200
        again = signed_in(stack.urls[0], "director")
        assert again.follow("/teams/").status_code == 200
    finally:
        stack.start_redis()
    stack.wait_until_ready()


def test_a_stopped_worker_shows_as_a_growing_backlog(stack):
    stack.stop("worker")
    try:
        add_search_term(signed_in(stack.urls[0], "editor"), f"积压{uuid.uuid4().hex[:6]}")
        time.sleep(stack.task_backlog_max_age + 2)
        status, body = readiness(stack.urls[1])
        assert status == 503
        assert body["failing"] == ["tasks"]
        assert "is a worker running?" in body["checks"]["tasks"]["detail"]
        # Liveness is only about the process: the load balancer keeps sending people.
        assert requests.get(f"{stack.urls[1]}/healthz", timeout=10).status_code == 200
    finally:
        stack.start_worker()
    stack.wait_until_ready()
