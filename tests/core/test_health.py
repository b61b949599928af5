"""Liveness and readiness, as a load balancer and a monitoring system see them."""

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queue_task(waited):
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [["客户"]], "kwargs": {}},
        task_path="core.search.tasks.reindex_pages_with_words",
        backend_name="default",
        run_after=timezone.now() - waited,
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - waited)


def test_readiness_names_every_part_it_checked(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert set(body["checks"]) == {"database", "cache", "tasks"}
    assert body["failing"] == []
    assert body["checks"]["cache"]["detail"] == "django.core.cache.backends.locmem"
    assert response["Cache-Control"].startswith("max-age=0")


@override_settings(TASKS=DATABASE_QUEUE, TASK_BACKLOG_MAX_AGE=60)
def test_a_backlog_older_than_the_limit_means_no_worker_is_running(client):
    queue_task(timedelta(seconds=5))
    assert client.get("/readyz").status_code == 200

    queue_task(timedelta(minutes=10))
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["tasks"]
    assert "is a worker running?" in body["checks"]["tasks"]["detail"]
    assert body["checks"]["database"]["ok"] and body["checks"]["cache"]["ok"]


def test_a_cache_that_loses_what_it_was_given_is_reported(client, monkeypatch):
    from django.core.cache import cache

    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]


def test_the_error_check_is_a_404_unless_its_token_is_set_and_given(client):
    assert client.get("/healthz/error").status_code == 404
    with override_settings(ERROR_CHECK_TOKEN="s3cret-probe"):
        assert client.get("/healthz/error?token=wrong").status_code == 404
        quiet = Client(raise_request_exception=False)
        response = quiet.get("/healthz/error?token=s3cret-probe")
        assert response.status_code == 500
        assert "服务器出错了" in response.content.decode()
