"""Learning records through the production stack: a lesson completed on an app server
reaches the LRS through the task worker; while the LRS is down the statements wait in
the outbox, and the worker's own retries deliver them once it is back."""

import time

import psycopg
import pytest

from tests.production.admin import signed_in

pytestmark = pytest.mark.production_stack

COURSE = """
from django.urls import reverse
from learning.models import CoursePage
course = CoursePage.objects.get(title="集团客户攻守有道")
print(reverse("learning:enrol", args=[course.pk]), *[lesson.url for lesson in course.live_lessons()])
"""


def course_paths(stack):
    enrol, *lessons = stack.manage("shell", "-c", COURSE).strip().splitlines()[-1].split()
    return enrol, lessons


def outbox(stack):
    with psycopg.connect(stack.database_url) as connection:
        return connection.execute(
            "SELECT id::text, verb, state, attempts FROM xapi_outboxstatement ORDER BY created_at"
        ).fetchall()


def wait_for(condition, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"never: {what}")


def stored_ids(lrs):
    return [statement["id"] for statement in lrs.statements()]


def test_a_visit_reaches_the_lrs_and_survives_the_lrs_going_down(stack, learning_record_store):
    lrs = learning_record_store
    learner = signed_in(stack.urls[0], "learner")
    enrol, (first, second, *_) = course_paths(stack)
    assert learner.post(enrol).status_code == 302
    before = {row[0] for row in outbox(stack)}
    assert learner.get(first).status_code == 200
    ((statement_id, verb, *_),) = wait_for(
        lambda: [row for row in outbox(stack) if row[0] not in before and row[2] == "sent"], "the visit sent"
    )
    assert verb == "experienced" and stored_ids(lrs).count(statement_id) == 1

    lrs.stop()
    try:
        assert learner.on(stack.urls[1]).get(second).status_code == 200  # pages work meanwhile
        waiting = wait_for(
            lambda: [row for row in outbox(stack) if row[2] == "waiting" and row[3] >= 1], "a failed try"
        )
    finally:
        lrs.start()
    ((waiting_id, *_),) = waiting
    wait_for(lambda: waiting_id in stored_ids(lrs), "the worker's retry delivered it", timeout=90)
    assert stored_ids(lrs).count(waiting_id) == 1
    assert {row[2] for row in outbox(stack)} == {"sent"}
    assert all(state in {"SUCCESSFUL", "READY"} for _, _, state, _ in stack.task_runs())
