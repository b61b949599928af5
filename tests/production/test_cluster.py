"""Several app servers, one database, one Redis: a person can be handed from one app
server to the other mid-visit (as a load balancer does) and nothing they did is lost;
background jobs run once whichever server queued them."""

import re
import uuid

import pytest

from tests.production.admin import add_search_term, page_id_of, publish_title, signed_in, upload_document
from tests.production.client import SiteClient

pytestmark = pytest.mark.production_stack


def test_signed_in_on_one_server_and_carried_on_at_the_other(stack):
    first = signed_in(stack.urls[0], "learner")
    second = first.on(stack.urls[1])

    growth = second.get("/growth/")
    assert growth.status_code == 200
    assert "陈晓" in growth.text

    # A message set while one server handled the form shows on the page the other serves.
    response = first.post("/growth/plan/suggest/", referer="/growth/plan/")
    assert response.status_code == 302
    plan = second.get("/growth/plan/")
    assert re.search(r'<ul class="messages" role="status">\s*<li class="message', plan.text)

    # Signing out on the second ends the session on the first too.
    second.post("/accounts/logout/", referer="/")
    assert first.get("/growth/").status_code == 302


def test_a_file_uploaded_through_one_server_downloads_from_the_other(stack):
    editor = signed_in(stack.urls[0], "editor")
    content = f"团队复盘记录 {uuid.uuid4()}\n".encode()
    download = upload_document(
        editor.on(stack.urls[0]), f"复盘记录 {uuid.uuid4().hex[:8]}", "review-notes.txt", content
    )
    response = SiteClient(stack.urls[1]).get(download)
    assert response.status_code == 200
    assert response.content == content


def test_an_editor_publishes_on_one_server_and_every_server_shows_it_at_once(stack):
    """The menu is cached in Redis; publishing moves the shared generation on."""
    visitor_on_first = SiteClient(stack.urls[0])
    assert "经验库" in visitor_on_first.get("/").text
    editor = signed_in(stack.urls[1], "editor")
    library = page_id_of(editor, "/lessons/")
    try:
        publish_title(editor, library, "经验库（新版）")
        assert ">经验库（新版）</a>" in visitor_on_first.get("/").text
    finally:
        publish_title(editor, library, "经验库")
    assert ">经验库</a>" in visitor_on_first.get("/").text


def test_background_jobs_queued_by_either_server_run_exactly_once(stack):
    stack.start_worker("worker-extra")
    try:
        already = {run[0] for run in stack.task_runs()}
        for index, url in enumerate(stack.urls):
            editor = signed_in(url, "editor")
            for number in range(3):
                add_search_term(editor, f"试点词{index}{number}{uuid.uuid4().hex[:4]}")
        runs = [run for run in stack.wait_until_tasks_done() if run[0] not in already]
        assert len(runs) >= 6
        assert {status for _, _, status, _ in runs} == {"SUCCESSFUL"}
        assert all(len(worker_ids) == 1 for _, _, _, worker_ids in runs), runs
    finally:
        stack.stop("worker-extra")
